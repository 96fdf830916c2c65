package io.jiet.pdu;

import io.netty.handler.codec.CorruptedFrameException;

/**
 * A PDU that could not be decoded. {@link #connectionFatal()} tells whether the byte stream can still be trusted:
 * when it cannot (oversized or truncated PDU, header digest error), RFC 7143 §7.8 leaves closing the connection as
 * the only recovery. Otherwise the bad PDU has been skipped and the receiver answers with a Reject (§11.17) whose
 * reason is {@link #rejectReason()} and whose data segment is {@link #header()}.
 */
public final class MalformedPduException extends CorruptedFrameException {

    private static final byte[] NO_HEADER = new byte[0];

    private final byte[] header;
    private final int rejectReason;
    private final boolean connectionFatal;

    /**
     * @param header       the 48-byte BHS of the offending PDU, or empty (or null) when it is not known
     * @param rejectReason a {@link Reject} reason code
     */
    public MalformedPduException(String message, byte[] header, int rejectReason, boolean connectionFatal) {
        super(message);
        this.header = header == null ? NO_HEADER : header.clone();
        this.rejectReason = rejectReason;
        this.connectionFatal = connectionFatal;
    }

    static MalformedPduException fatal(String message, byte[] header) {
        return new MalformedPduException(message, header, Reject.PROTOCOL_ERROR, true);
    }

    static MalformedPduException rejectable(String message, byte[] header, int rejectReason) {
        return new MalformedPduException(message, header, rejectReason, false);
    }

    /** The 48-byte Basic Header Segment of the offending PDU (a copy), or an empty array when unknown. */
    public byte[] header() {
        return header.clone();
    }

    /** The Reject reason code (RFC 7143 §11.17.1) that describes the problem. */
    public int rejectReason() {
        return rejectReason;
    }

    /** Whether the connection must be closed because PDU boundaries are lost or the stream cannot be trusted. */
    public boolean connectionFatal() {
        return connectionFatal;
    }
}
