package io.jiet.pdu;

/**
 * Which digests a connection uses, as negotiated with the HeaderDigest and DataDigest keys (RFC 7143 §13.1). The
 * only digest RFC 7143 defines is CRC32C, so each direction is simply on or off. Digests are never used during the
 * Login Phase: a connection starts with {@link #NONE} and switches once login completes.
 */
public record DigestOptions(boolean header, boolean data) {

    public static final DigestOptions NONE = new DigestOptions(false, false);
    public static final DigestOptions HEADER_AND_DATA = new DigestOptions(true, true);

    /** Bytes the header digest adds after the BHS and AHS: 4 or 0. */
    public int headerDigestLength() {
        return header ? PduCodec.DIGEST_LENGTH : 0;
    }

    /** Bytes the data digest adds after a data segment of the given length: RFC 7143 §11.1 sends none without data. */
    public int dataDigestLength(int dataSegmentLength) {
        return data && dataSegmentLength > 0 ? PduCodec.DIGEST_LENGTH : 0;
    }
}
