package io.jiet.scsi;

import java.nio.ByteBuffer;

/**
 * Lends the buffers a command's data-in is read into. The transport supplies memory it can send without another
 * copy (pooled, off-heap) and takes it back when the data has gone out; a device server that returns the lent
 * buffer as its result's data-in hands it over unchanged.
 * <p>
 * Threading: called on the thread that executes the command.
 */
@FunctionalInterface
public interface DataInBuffers {

    /** Plain heap buffers, for callers that send nothing over a network (tests, tools). */
    DataInBuffers HEAP = ByteBuffer::allocate;

    /**
     * A buffer of exactly {@code length} bytes (position 0, limit {@code length}). Asking again for the same command
     * gives back the earlier buffer to the lender.
     */
    ByteBuffer allocate(int length);

    /**
     * Whether the transport can send data-in straight from the backing file ({@link ScsiResult#dataInFile()}), e.g.
     * with sendfile when no data digest has to read the bytes.
     */
    default boolean takesFileSpans() {
        return false;
    }

    /**
     * The most bytes a command tried without waiting ({@link LogicalUnit#executeWithoutBlocking}) may copy into a
     * lent buffer: the caller's thread serves other work, so a big copy goes to a worker instead. File spans,
     * which copy nothing, are not limited.
     */
    default int copyWithoutWaitingLimit() {
        return Integer.MAX_VALUE;
    }
}
