package io.jiet.backstore;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A byte-addressed store behind a logical unit. It knows nothing of SCSI: blocks, sense and CDBs live in
 * scsi-emulation. Implementations are safe for concurrent use; reads and writes of disjoint ranges may run in
 * parallel.
 */
public interface BlockStore extends Closeable {

    /** Current capacity in bytes. */
    long size() throws IOException;

    /** Whether writes are refused. */
    boolean readOnly();

    /** Reads exactly {@code dst.remaining()} bytes at {@code offset}; bytes past the end of a file read as zero. */
    void read(long offset, ByteBuffer dst) throws IOException;

    /**
     * Reads like {@link #read}, but only if that needs no waiting for the device: the bytes are in a cache (Linux
     * {@code preadv2} with {@code RWF_NOWAIT}). Returns false if the read would block or the store cannot tell;
     * {@code dst} is then partly filled and the caller reads it again with {@link #read}. Lets a network thread
     * serve a cached read itself instead of handing it to a worker and back.
     */
    default boolean tryRead(long offset, ByteBuffer dst) throws IOException {
        return false;
    }

    /**
     * The bytes {@code [offset, offset + length)} as a span of the store's file, if they can be sent from there
     * without copying and without waiting: a regular file, the range inside it, every page cached. Empty
     * otherwise; the caller then reads them with {@link #read} or {@link #tryRead}.
     */
    default java.util.Optional<FileSpan> cachedFileSpan(long offset, int length) throws IOException {
        return java.util.Optional.empty();
    }

    /**
     * Writes all of {@code src} at {@code offset}. With {@code durable}, the bytes are on stable storage when this
     * returns (FUA, or write-through mode); otherwise they may sit in a cache until {@link #flush()}.
     */
    void write(long offset, ByteBuffer src, boolean durable) throws IOException;

    /**
     * Writes {@code srcs} one after another from {@code offset}, like {@link #write(long, ByteBuffer, boolean)}
     * of their concatenation: the data of one command as it arrived in several PDUs, written without first being
     * copied into one buffer. The default writes them one by one and then, for {@code durable}, flushes: durability
     * of the last piece alone would not cover the others on every store.
     */
    default void write(long offset, ByteBuffer[] srcs, boolean durable) throws IOException {
        long position = offset;
        for (ByteBuffer src : srcs) {
            int length = src.remaining();
            write(position, src, false);
            position += length;
        }
        if (durable) {
            flush();
        }
    }

    /** Makes every completed write durable (SYNCHRONIZE CACHE). */
    void flush() throws IOException;

    /** A short description for logs and admin output, e.g. the path. */
    String describe();

    /**
     * Whether a completed, non-durable write may still sit in a volatile cache, i.e. whether {@link #flush()} has
     * work to do. The disk's caching mode page reports this as WCE (SBC-3 §6.4.5).
     */
    default boolean writeCacheEnabled() {
        return false;
    }

    /** Whether {@link #setWriteCacheEnabled} can change the caching mode (the caching mode page's WCE is changeable). */
    default boolean writeCacheChangeable() {
        return false;
    }

    /**
     * Switches between write-back ({@code true}: writes may sit in a volatile cache until {@link #flush()}) and
     * write-through. Turning the cache off first flushes it, so no completed write stays volatile.
     *
     * @throws UnsupportedOperationException if {@link #writeCacheChangeable()} is false
     */
    default void setWriteCacheEnabled(boolean enabled) throws IOException {
        throw new UnsupportedOperationException(describe() + " has a fixed caching mode");
    }

    /**
     * Deallocates {@code [offset, offset + length)}: afterwards the range reads as zeros, and the store gives the
     * space back where it can (a hole in a file). The default writes zeros, which keeps the read-back contract on
     * any store.
     *
     * @throws ReadOnlyStoreException on a read-only store
     */
    default void unmap(long offset, long length) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(length, 1 << 20));
        for (long done = 0; done < length; ) {
            int n = (int) Math.min(zeros.capacity(), length - done);
            write(offset + done, zeros.clear().limit(n), false);
            done += n;
        }
    }

    /**
     * Whether the bytes at {@code offset} are allocated, and for how many bytes from there (at most
     * {@code maxLength}) that stays so. A store that cannot tell reports everything allocated.
     */
    default Allocation allocation(long offset, long maxLength) throws IOException {
        return new Allocation(true, maxLength);
    }

    /**
     * The unit, in bytes, in which the store allocates and deallocates space and below which a write costs a
     * read-modify-write (a file system's block, a device's physical block), or 0 when unknown.
     */
    default int allocationUnit() {
        return 0;
    }

    /** A run of bytes that are all allocated ({@code mapped}) or all deallocated. */
    record Allocation(boolean mapped, long length) {
        public Allocation {
            if (length < 0) {
                throw new IllegalArgumentException("negative length: " + length);
            }
        }
    }
}
