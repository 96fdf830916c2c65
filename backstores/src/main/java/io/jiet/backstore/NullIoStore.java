package io.jiet.backstore;

import java.nio.ByteBuffer;

/**
 * IET's {@code Type=nullio}: a store of a fixed size that reads as zeros and discards writes. Useful for testing the
 * transport without disk I/O. Immutable, so safe for concurrent use.
 */
public final class NullIoStore implements BlockStore {

    private static final byte[] ZEROS = new byte[64 * 1024];

    private final long size;

    public NullIoStore(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("negative size: " + size);
        }
        this.size = size;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public boolean readOnly() {
        return false;
    }

    @Override
    public void read(long offset, ByteBuffer dst) {
        requireOffset(offset);
        while (dst.hasRemaining()) {
            dst.put(ZEROS, 0, Math.min(ZEROS.length, dst.remaining()));
        }
    }

    /** Zeros never wait. */
    @Override
    public boolean tryRead(long offset, ByteBuffer dst) {
        read(offset, dst);
        return true;
    }

    @Override
    public void write(long offset, ByteBuffer src, boolean durable) {
        requireOffset(offset);
        src.position(src.limit());
    }

    @Override
    public void flush() {
    }

    /** Nothing is stored, so nothing is freed; the range reads as zeros as before. */
    @Override
    public void unmap(long offset, long length) {
        requireOffset(offset);
    }

    /** Nothing is ever allocated. */
    @Override
    public Allocation allocation(long offset, long maxLength) {
        requireOffset(offset);
        return new Allocation(false, maxLength);
    }

    @Override
    public String describe() {
        return "nullio";
    }

    @Override
    public void close() {
    }

    private static void requireOffset(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset: " + offset);
        }
    }
}
