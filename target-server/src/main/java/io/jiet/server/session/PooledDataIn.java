package io.jiet.server.session;

import io.jiet.scsi.DataInBuffers;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;

/**
 * Lends one command's data-in buffer from the connection's pooled direct memory, so a READ goes from the backstore
 * into memory the socket writes from, with no heap buffer and no copy in between; without a data digest it also
 * takes the data as a span of the backing file, which goes out with sendfile and no copy at all. The Data-In PDUs take retained
 * slices of it; {@link #release()} gives back the lender's own reference once they are queued.
 * <p>
 * Threading: {@link #allocate} runs where the command executes (a worker or the home loop); the executor hand-off
 * back to the home loop orders it before {@link #holding} and {@link #release}, which run there.
 */
final class PooledDataIn implements DataInBuffers {

    private final ByteBufAllocator allocator;
    private final boolean takesFileSpans;
    private final int copyWithoutWaitingLimit;
    private ByteBuf buffer;
    private ByteBuffer lent;

    /**
     * @param takesFileSpans the connection sends from files: no data digest needs the bytes in memory
     * @param copyWithoutWaitingLimit the most a read tried on the event loop may copy
     */
    PooledDataIn(ByteBufAllocator allocator, boolean takesFileSpans, int copyWithoutWaitingLimit) {
        this.allocator = allocator;
        this.takesFileSpans = takesFileSpans;
        this.copyWithoutWaitingLimit = copyWithoutWaitingLimit;
    }

    @Override
    public int copyWithoutWaitingLimit() {
        return copyWithoutWaitingLimit;
    }

    @Override
    public boolean takesFileSpans() {
        return takesFileSpans;
    }

    @Override
    public ByteBuffer allocate(int length) {
        release();
        buffer = allocator.directBuffer(length, length);
        lent = buffer.nioBuffer(0, length);
        return lent;
    }

    /**
     * The pooled buffer with {@code dataIn}'s bytes as its readable bytes if {@code dataIn} is the lent buffer (it
     * stays owned here: slice and retain it); null if the command produced its data elsewhere.
     */
    ByteBuf holding(ByteBuffer dataIn) {
        if (buffer == null || dataIn != lent) {
            return null;
        }
        return buffer.setIndex(dataIn.position(), dataIn.limit());
    }

    void release() {
        if (buffer != null) {
            buffer.release();
            buffer = null;
            lent = null;
        }
    }
}
