package io.jiet.interop.initiator;

/**
 * Builds one 48-byte Basic Header Segment (RFC 7143 §11.2.1). Byte 0 holds the I (immediate) bit 0x40 and the
 * opcode; bytes 4-7 TotalAHSLength (always 0 here) and the 24-bit DataSegmentLength; bytes 8-15 the LUN or
 * opcode-specific fields; bytes 16-19 the Initiator Task Tag. Everything else depends on the opcode, so callers
 * place fields by offset and name the RFC section they follow.
 *
 * <p>Not thread-safe; one builder per PDU.
 */
public final class Bhs {
    public static final int LENGTH = 48;
    private static final int IMMEDIATE = 0x40;

    private final byte[] bytes = new byte[LENGTH];

    private Bhs(int opcode, boolean immediate) {
        bytes[0] = (byte) ((opcode & 0x3f) | (immediate ? IMMEDIATE : 0));
    }

    public static Bhs of(Opcode opcode, boolean immediate) {
        return new Bhs(opcode.code(), immediate);
    }

    /** Any opcode value, including ones RFC 7143 does not define (for malformed-input tests). */
    public static Bhs ofRawOpcode(int opcode, boolean immediate) {
        return new Bhs(opcode, immediate);
    }

    /** Byte 1: the F bit and the opcode-specific flags. */
    public Bhs flags(int value) {
        bytes[1] = (byte) value;
        return this;
    }

    public Bhs u8(int offset, int value) {
        bytes[offset] = (byte) value;
        return this;
    }

    public Bhs u16(int offset, int value) {
        bytes[offset] = (byte) (value >>> 8);
        bytes[offset + 1] = (byte) value;
        return this;
    }

    public Bhs u32(int offset, int value) {
        bytes[offset] = (byte) (value >>> 24);
        bytes[offset + 1] = (byte) (value >>> 16);
        bytes[offset + 2] = (byte) (value >>> 8);
        bytes[offset + 3] = (byte) value;
        return this;
    }

    public Bhs bytes(int offset, byte[] value) {
        System.arraycopy(value, 0, bytes, offset, value.length);
        return this;
    }

    /** Bytes 8-15, the 8-byte LUN field (SAM-5 §4.7). */
    public Bhs lun(int lun) {
        return bytes(8, Lun.encode(lun));
    }

    /** Bytes 16-19. */
    public Bhs initiatorTaskTag(int itt) {
        return u32(16, itt);
    }

    /** Completes the header with TotalAHSLength 0 and {@code dataSegmentLength} in bytes 5-7. */
    public byte[] build(int dataSegmentLength) {
        byte[] header = bytes.clone();
        header[4] = 0;
        header[5] = (byte) (dataSegmentLength >>> 16);
        header[6] = (byte) (dataSegmentLength >>> 8);
        header[7] = (byte) dataSegmentLength;
        return header;
    }
}
