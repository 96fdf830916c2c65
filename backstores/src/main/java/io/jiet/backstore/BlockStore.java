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
     * Writes all of {@code src} at {@code offset}. With {@code durable}, the bytes are on stable storage when this
     * returns (FUA, or write-through mode); otherwise they may sit in a cache until {@link #flush()}.
     */
    void write(long offset, ByteBuffer src, boolean durable) throws IOException;

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
}
