package io.jiet.server.session;

import io.jiet.backstore.FileSpan;
import io.jiet.pdu.DataIn;
import io.netty.util.AbstractReferenceCounted;
import io.netty.util.ReferenceCounted;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Data-In PDU whose data segment is sent from the backing file: {@code header}'s own data buffer is empty, the
 * segment is {@code length} bytes at {@code position} of {@code channel} (RFC 7143 §11.7: the DataSegmentLength
 * says its length).
 * <p>
 * Reference counted like any outbound message, so Netty releases it whether it is written or dropped (a closed
 * channel); the last PDU of a command released gives the command's {@link FileSpan} back to its store.
 */
public final class FileBackedDataIn extends AbstractReferenceCounted {

    /** The PDUs of one command sharing one span: the span goes back when the last of them is released. */
    static final class SharedSpan {
        private final FileSpan span;
        private final AtomicInteger unreleased;

        SharedSpan(FileSpan span, int pdus) {
            this.span = span;
            this.unreleased = new AtomicInteger(pdus);
        }

        void releaseOne() {
            if (unreleased.decrementAndGet() == 0) {
                span.release();
            }
        }
    }

    private final DataIn header;
    private final SharedSpan shared;
    private final long position;
    private final int length;

    FileBackedDataIn(DataIn header, SharedSpan shared, long offsetInSpan, int length) {
        this.header = header;
        this.shared = shared;
        this.position = shared.span.position() + offsetInSpan;
        this.length = length;
    }

    public DataIn header() {
        return header;
    }

    public FileChannel channel() {
        return shared.span.channel();
    }

    public long position() {
        return position;
    }

    public int length() {
        return length;
    }

    @Override
    protected void deallocate() {
        shared.releaseOne();
    }

    @Override
    public ReferenceCounted touch(Object hint) {
        return this;
    }
}
