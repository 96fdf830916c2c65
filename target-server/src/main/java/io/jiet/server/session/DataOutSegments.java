package io.jiet.server.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * One command's data-out as it arrived: retained slices of the receive buffers (immediate data and each Data-Out
 * PDU's segment), by buffer offset. A WRITE hands them to the store as they are (a gathering write); other commands
 * get them joined into one buffer. Nothing is copied on receipt.
 * <p>
 * Threading: confined to the session's home event loop, except that the buffers handed out by {@link #asBuffers}
 * and {@link #joined} are read by the worker executing the command, which the executor hand-off orders after the
 * last {@link #add}; {@link #release} runs on the home loop once the command completed.
 */
final class DataOutSegments {

    /** For commands without data-out: holds nothing, allocates nothing. */
    static final DataOutSegments NONE = new DataOutSegments();

    private record Segment(int offset, ByteBuf data) {
    }

    private final List<Segment> segments = new ArrayList<>(2);
    private boolean inOrder = true;
    private ByteBuf joined;

    /**
     * Takes ownership of {@code data} (a retained slice of a receive buffer), which the initiator sent for
     * {@code offset}. A slice that would keep a receive buffer more than twice its size alive is copied out instead:
     * the session's data-out budget counts bytes received, and must bound the memory held too.
     */
    void add(int offset, ByteBuf data, ByteBufAllocator allocator) {
        if (!segments.isEmpty() && segments.getLast().offset() > offset) {
            inOrder = false; // sequences of several outstanding R2Ts may interleave (RFC 7143 §13.17)
        }
        segments.add(new Segment(offset, keptOrCopied(data, allocator)));
    }

    private static ByteBuf keptOrCopied(ByteBuf slice, ByteBufAllocator allocator) {
        ByteBuf whole = slice.unwrap();
        long pinned = whole == null ? slice.capacity() : whole.capacity();
        if (2L * slice.readableBytes() >= pinned) {
            return slice;
        }
        ByteBuf copy = allocator.directBuffer(slice.readableBytes(), slice.readableBytes());
        try {
            copy.writeBytes(slice, slice.readerIndex(), slice.readableBytes());
        } finally {
            slice.release();
        }
        return copy;
    }

    private List<Segment> ordered() {
        if (!inOrder) {
            segments.sort(Comparator.comparingInt(Segment::offset));
            inOrder = true;
        }
        return segments;
    }

    /** The segments in offset order as NIO views of the received memory (no copy). */
    List<ByteBuffer> asBuffers() {
        List<ByteBuffer> buffers = new ArrayList<>(segments.size());
        for (Segment s : ordered()) {
            if (s.data().nioBufferCount() == 1) {
                buffers.add(s.data().nioBuffer());
            } else {
                Collections.addAll(buffers, s.data().nioBuffers());
            }
        }
        return buffers;
    }

    /**
     * The segments joined into one buffer of {@code length} bytes, for commands that parse their data-out (a copy,
     * made once; the received buffers go back at once). A single segment is used as it is.
     */
    ByteBuffer joined(ByteBufAllocator allocator, int length) {
        if (segments.size() == 1 && segments.getFirst().data().readableBytes() == length
                && segments.getFirst().data().nioBufferCount() == 1) {
            return segments.getFirst().data().nioBuffer();
        }
        joined = allocator.directBuffer(length, length);
        for (Segment s : ordered()) {
            joined.setBytes(s.offset(), s.data(), s.data().readerIndex(), s.data().readableBytes());
        }
        joined.writerIndex(length);
        releaseSegments();
        return joined.nioBuffer(0, length);
    }

    private void releaseSegments() {
        for (Segment s : segments) {
            s.data().release();
        }
        segments.clear();
    }

    void release() {
        releaseSegments();
        if (joined != null) {
            joined.release();
            joined = null;
        }
    }
}
