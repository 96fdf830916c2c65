package io.jiet.pdu;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Frames a TCP byte stream into PDUs (RFC 7143 §11.1) and decodes each with {@link PduCodec#decode}.
 *
 * <p>Bounded: a PDU's DataSegmentLength is checked against MaxRecvDataSegmentLength as soon as its 48-byte BHS has
 * arrived, before waiting for anything else, so no more than {@link #maxPduLength} bytes are ever awaited for one
 * PDU. Like DataSegmentLength itself (§11.2.1.5), the limit counts the data segment without padding or digest.
 *
 * <p>Errors reach the pipeline as {@link MalformedPduException}s through {@code exceptionCaught}:
 * <ul>
 * <li>fatal ({@code connectionFatal()}; PDU boundaries lost or the stream untrustworthy): DataSegmentLength over the
 * limit, header digest mismatch (§7.8 leaves no way to find the next PDU), a PDU truncated by end of input. The
 * decoder then discards all further input; the handler should close the connection.</li>
 * <li>not fatal (the PDU was skipped, decoding continues with the next one): data digest mismatch
 * ({@link Reject#DATA_DIGEST_ERROR}), unknown opcode ({@link Reject#COMMAND_NOT_SUPPORTED}), malformed AHS
 * ({@link Reject#PROTOCOL_ERROR}). These are fired with {@code ctx.fireExceptionCaught} rather than thrown, so that
 * PDUs already buffered behind the bad one are decoded at once instead of waiting for the next read.</li>
 * </ul>
 *
 * <p>A decoded PDU's data segment is a retained slice of the receive buffer, not a copy; PDUs without data carry
 * {@link Unpooled#EMPTY_BUFFER}. The handler that consumes a PDU releases it.
 *
 * <p>Threading: one instance per channel, used only on its event loop; {@link #reconfigure} must be called there too.
 */
public final class PduDecoder extends ByteToMessageDecoder {

    private DigestOptions digests = DigestOptions.NONE;
    private int maxRecvDataSegmentLength;
    private boolean poisoned;

    /**
     * @param maxRecvDataSegmentLength the largest data segment accepted; until login completes this is the
     *                                 8192-byte default of MaxRecvDataSegmentLength (RFC 7143 §13.12)
     */
    public PduDecoder(int maxRecvDataSegmentLength) {
        this.maxRecvDataSegmentLength = checkLimit(maxRecvDataSegmentLength);
    }

    /**
     * Applies the digests and MaxRecvDataSegmentLength negotiated at login; they govern the next PDU decoded. Call
     * from the event loop, e.g. while handling the final Login Request, before the initiator's first Full Feature
     * Phase PDU can be decoded.
     */
    public void reconfigure(DigestOptions digests, int maxRecvDataSegmentLength) {
        this.digests = digests;
        this.maxRecvDataSegmentLength = checkLimit(maxRecvDataSegmentLength);
    }

    /** The most bytes one PDU can occupy on the wire under these settings. */
    public static int maxPduLength(DigestOptions digests, int maxRecvDataSegmentLength) {
        return PduCodec.BHS_LENGTH + PduCodec.MAX_AHS_LENGTH + digests.headerDigestLength()
                + maxRecvDataSegmentLength + PduCodec.padding(maxRecvDataSegmentLength)
                + digests.dataDigestLength(maxRecvDataSegmentLength);
    }

    /** Bytes held back waiting for the rest of a PDU. */
    int bufferedBytes() {
        return actualReadableBytes();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (poisoned) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < PduCodec.BHS_LENGTH) {
            return;
        }
        int start = in.readerIndex();
        int ahsLength = in.getUnsignedByte(start + 4) * 4;
        int dataLength = in.getUnsignedMedium(start + 5);
        if (dataLength > maxRecvDataSegmentLength) {
            throw poison("DataSegmentLength " + dataLength + " exceeds MaxRecvDataSegmentLength "
                    + maxRecvDataSegmentLength, in, start);
        }
        int headerLength = PduCodec.BHS_LENGTH + ahsLength;
        int dataStart = headerLength + digests.headerDigestLength();
        int dataDigestAt = dataStart + dataLength + PduCodec.padding(dataLength);
        int total = dataDigestAt + digests.dataDigestLength(dataLength);
        if (in.readableBytes() < total) {
            return;
        }
        if (digests.header() && in.getIntLE(start + headerLength) != Crc32c.of(in, start, headerLength)) {
            throw poison("header digest error", in, start);
        }
        ByteBuf bhs = in.slice(start, PduCodec.BHS_LENGTH);
        if (Opcode.fromCode(bhs.getByte(0) & 0x3f) == null) {
            in.skipBytes(total);
            ctx.fireExceptionCaught(MalformedPduException.rejectable("opcode 0x"
                    + Integer.toHexString(bhs.getByte(0) & 0x3f) + " is not supported", PduCodec.header(bhs),
                    Reject.COMMAND_NOT_SUPPORTED));
            return;
        }
        if (digests.dataDigestLength(dataLength) > 0
                && in.getIntLE(start + dataDigestAt) != Crc32c.ofPadded(in, start + dataStart, dataLength)) {
            in.skipBytes(total);
            ctx.fireExceptionCaught(MalformedPduException.rejectable("data digest error", PduCodec.header(bhs),
                    Reject.DATA_DIGEST_ERROR));
            return;
        }
        ByteBuf ahs = in.slice(start + PduCodec.BHS_LENGTH, ahsLength);
        ByteBuf data = dataLength == 0 ? Unpooled.EMPTY_BUFFER : in.retainedSlice(start + dataStart, dataLength);
        Pdu pdu;
        try {
            pdu = PduCodec.decode(bhs, ahs, data);
        } catch (MalformedPduException e) {
            if (e.connectionFatal()) {
                poisoned = true;
                in.skipBytes(in.readableBytes());
                throw e;
            }
            in.skipBytes(total);
            ctx.fireExceptionCaught(e);
            return;
        }
        in.skipBytes(total);
        out.add(pdu);
    }

    /** End of input: whatever is still buffered is a PDU cut short. */
    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.isReadable()) {
            decode(ctx, in, out);
        }
        if (in.isReadable()) {
            throw poison("connection closed " + in.readableBytes() + " bytes into a PDU", in, in.readerIndex());
        }
    }

    private MalformedPduException poison(String message, ByteBuf in, int start) {
        byte[] header = in.writerIndex() - start >= PduCodec.BHS_LENGTH
                ? PduCodec.header(in.slice(start, PduCodec.BHS_LENGTH)) : null;
        poisoned = true;
        in.skipBytes(in.readableBytes());
        return MalformedPduException.fatal(message, header);
    }

    private static int checkLimit(int maxRecvDataSegmentLength) {
        if (maxRecvDataSegmentLength < 0 || maxRecvDataSegmentLength > PduCodec.MAX_DATA_SEGMENT_LENGTH) {
            throw new IllegalArgumentException("MaxRecvDataSegmentLength " + maxRecvDataSegmentLength
                    + " is outside 0..2^24-1");
        }
        return maxRecvDataSegmentLength;
    }
}
