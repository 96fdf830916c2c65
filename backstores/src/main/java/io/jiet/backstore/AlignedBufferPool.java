package io.jiet.backstore;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Direct buffers whose address and capacity are multiples of an alignment, as O_DIRECT transfers need them
 * ({@code open(2)}, "O_DIRECT": buffer, offset and length aligned to the logical block size). A small bounded
 * pool: {@link #take()} hands out a retained buffer when one is free and allocates a new one otherwise;
 * {@link #give} keeps at most {@link #RETAINED} buffers and leaves the rest to the garbage collector, so the
 * steady state allocates nothing and a burst cannot pin unbounded native memory. One pool per alignment is shared
 * by all stores ({@link #shared}).
 * <p>
 * Threading: lock-free; any thread may take and give back. A taken buffer belongs to the taker until given back.
 */
final class AlignedBufferPool {

    /** Each buffer's capacity: the largest single O_DIRECT transfer a store issues. */
    static final int CAPACITY = 1 << 20;
    /** Buffers kept for reuse; more may be in use at once, each allocated when taken. */
    static final int RETAINED = Math.max(16, 4 * Runtime.getRuntime().availableProcessors());

    private static final ConcurrentHashMap<Integer, AlignedBufferPool> SHARED = new ConcurrentHashMap<>();

    private final int alignment;
    private final int capacity;
    private final AtomicReferenceArray<ByteBuffer> slots;

    AlignedBufferPool(int alignment, int capacity, int retained) {
        if (alignment <= 0 || Integer.bitCount(alignment) != 1 || capacity % alignment != 0 || capacity <= 0) {
            throw new IllegalArgumentException("alignment " + alignment + " must be a power of two dividing the"
                    + " capacity " + capacity);
        }
        this.alignment = alignment;
        this.capacity = capacity;
        this.slots = new AtomicReferenceArray<>(retained);
    }

    /** The pool for {@code alignment}, whose buffers hold {@code max(CAPACITY, alignment)} bytes. */
    static AlignedBufferPool shared(int alignment) {
        return SHARED.computeIfAbsent(alignment,
                a -> new AlignedBufferPool(a, Math.max(CAPACITY, a), RETAINED));
    }

    int capacity() {
        return capacity;
    }

    /** A cleared buffer of {@link #capacity()} bytes aligned to {@link #alignment()}. */
    ByteBuffer take() {
        int start = start();
        for (int i = 0; i < slots.length(); i++) {
            int slot = (start + i) % slots.length();
            ByteBuffer buffer = slots.get(slot);
            if (buffer != null && slots.compareAndSet(slot, buffer, null)) {
                return buffer.clear();
            }
        }
        return ByteBuffer.allocateDirect(capacity + alignment - 1).alignedSlice(alignment);
    }

    /** Returns a buffer from {@link #take()}; the caller must not use it afterwards. */
    void give(ByteBuffer buffer) {
        int start = start();
        for (int i = 0; i < slots.length(); i++) {
            int slot = (start + i) % slots.length();
            if (slots.get(slot) == null && slots.compareAndSet(slot, null, buffer)) {
                return;
            }
        }
    }

    /** Threads start their search at different slots so they rarely contend for the same one. */
    private int start() {
        return (int) (Thread.currentThread().threadId() % slots.length());
    }
}
