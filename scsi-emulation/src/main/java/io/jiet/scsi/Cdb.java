package io.jiet.scsi;

import java.util.Objects;

/**
 * A read-only view of a command descriptor block with the big-endian field accessors SPC-4 §4.2 describes.
 * Indexes are CDB byte offsets as the standards' tables number them. Immutable.
 */
public final class Cdb {

    private final byte[] bytes;

    public Cdb(byte[] bytes) {
        this.bytes = Objects.requireNonNull(bytes, "bytes").clone();
    }

    public int operationCode() {
        return u8(0);
    }

    public int length() {
        return bytes.length;
    }

    public int u8(int index) {
        return bytes[index] & 0xFF;
    }

    public int u16(int index) {
        return u8(index) << 8 | u8(index + 1);
    }

    public int u24(int index) {
        return u8(index) << 16 | u16(index + 1);
    }

    /** An unsigned 32-bit field. */
    public long u32(int index) {
        return (long) u16(index) << 16 | u16(index + 2);
    }

    /** A 64-bit field; values of 2^63 and above come back negative, compare them unsigned. */
    public long u64(int index) {
        return u32(index) << 32 | u32(index + 4);
    }

    public boolean bit(int index, int bit) {
        return (u8(index) & (1 << bit)) != 0;
    }

    /** The bits of byte {@code index} selected by {@code mask}, shifted down to bit 0. */
    public int field(int index, int mask) {
        return (u8(index) & mask) >>> Integer.numberOfTrailingZeros(mask);
    }
}
