package io.jiet.server.net;

import io.jiet.backstore.BlockStore;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link BlockStore} for power-loss ordering tests: it forwards to a real store, records every write and flush as
 * a "begin"/"end" pair in call order, and can hold the next <em>durable step</em> at its start until the test lets
 * it go, or make it fail. A durable step is a {@link #flush()}, a write with {@code durable} set (FUA), or any write
 * when the store below has no write cache (write-through: it forces inside {@code write}, which
 * backstores' FileIoStoreTest shows with a recording channel). Writes are labelled {@code write(durable)},
 * {@code write(write-through)} or {@code write(cached)}.
 * <p>
 * Threading: thread-safe. The log is a synchronized list; an armed {@link Hold} or failure is taken by exactly one
 * durable step (an atomic get-and-clear).
 */
final class RecordingBlockStore implements BlockStore {

    /** How long a held step waits for the test before it goes on anyway, so a broken test cannot hang shutdown. */
    private static final long HOLD_LIMIT_SECONDS = 30;

    private final BlockStore delegate;
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final AtomicReference<Hold> armedHold = new AtomicReference<>();
    private final AtomicReference<IOException> armedFailure = new AtomicReference<>();

    RecordingBlockStore(BlockStore delegate) {
        this.delegate = delegate;
    }

    /** A durable step stopped at its start: {@link #awaitEntered} sees it arrive, {@link #release} lets it run. */
    static final class Hold {
        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        boolean awaitEntered(long millis) throws InterruptedException {
            return entered.await(millis, TimeUnit.MILLISECONDS);
        }

        boolean entered() {
            return entered.getCount() == 0;
        }

        void release() {
            released.countDown();
        }

        private void hold() throws InterruptedIOException {
            entered.countDown();
            try {
                released.await(HOLD_LIMIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("held durable step interrupted");
            }
        }
    }

    /** The next durable step stops at its start until the returned hold is released. */
    Hold holdNextDurableStep() {
        Hold hold = new Hold();
        armedHold.set(hold);
        return hold;
    }

    /** The next durable step throws {@code failure} instead of reaching the store (a failed fdatasync). */
    void failNextDurableStep(IOException failure) {
        armedFailure.set(failure);
    }

    /** Forgets an armed hold or failure no step took, and lets a held step go. */
    void disarm() {
        Hold hold = armedHold.getAndSet(null);
        if (hold != null) {
            hold.release();
        }
        armedFailure.set(null);
    }

    /** How many calls are recorded so far: a mark for {@link #callsSince}. */
    int mark() {
        return calls.size();
    }

    List<String> callsSince(int mark) {
        synchronized (calls) {
            return List.copyOf(calls.subList(mark, calls.size()));
        }
    }

    @Override
    public void write(long offset, ByteBuffer src, boolean durable) throws IOException {
        boolean writeThrough = !delegate.writeCacheEnabled();
        String name = durable ? "write(durable)" : writeThrough ? "write(write-through)" : "write(cached)";
        step(name, durable || writeThrough, () -> delegate.write(offset, src, durable));
    }

    /** A WRITE's data as it arrived in several PDUs: one step, like the single gathering write FileIoStore makes. */
    @Override
    public void write(long offset, ByteBuffer[] srcs, boolean durable) throws IOException {
        boolean writeThrough = !delegate.writeCacheEnabled();
        String name = durable ? "write(durable)" : writeThrough ? "write(write-through)" : "write(cached)";
        step(name, durable || writeThrough, () -> delegate.write(offset, srcs, durable));
    }

    @Override
    public void flush() throws IOException {
        step("flush", true, delegate::flush);
    }

    private interface StoreCall {
        void run() throws IOException;
    }

    private void step(String name, boolean durableStep, StoreCall call) throws IOException {
        calls.add(name + " begin");
        if (durableStep) {
            Hold hold = armedHold.getAndSet(null);
            if (hold != null) {
                hold.hold();
            }
            IOException failure = armedFailure.getAndSet(null);
            if (failure != null) {
                calls.add(name + " failed");
                throw failure;
            }
        }
        call.run();
        calls.add(name + " end");
    }

    @Override
    public long size() throws IOException {
        return delegate.size();
    }

    @Override
    public boolean readOnly() {
        return delegate.readOnly();
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        delegate.read(offset, dst);
    }

    @Override
    public String describe() {
        return "recording " + delegate.describe();
    }

    @Override
    public boolean writeCacheEnabled() {
        return delegate.writeCacheEnabled();
    }

    @Override
    public boolean writeCacheChangeable() {
        return delegate.writeCacheChangeable();
    }

    @Override
    public void setWriteCacheEnabled(boolean enabled) throws IOException {
        delegate.setWriteCacheEnabled(enabled);
    }

    @Override
    public void unmap(long offset, long length) throws IOException {
        delegate.unmap(offset, length);
    }

    @Override
    public Allocation allocation(long offset, long maxLength) throws IOException {
        return delegate.allocation(offset, maxLength);
    }

    @Override
    public int allocationUnit() {
        return delegate.allocationUnit();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
