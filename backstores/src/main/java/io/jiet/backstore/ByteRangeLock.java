package io.jiet.backstore;

import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusive locks on byte ranges: a holder of {@code [start, end)} keeps out every overlapping range, while
 * disjoint ranges are held at the same time. {@link BlockIoStore} holds the aligned span of each write, so a
 * read-modify-write of a block cannot interleave with another write to the same block.
 * <p>
 * Threading: all state is guarded by one {@link ReentrantLock}; a waiter rechecks whenever any range is released.
 * Held ranges live in reusable slots, so locking allocates nothing once the slot table has grown to the number of
 * writes in flight. A range may be released by a thread other than the one that locked it.
 */
final class ByteRangeLock {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    /** Slot i holds {@code [starts[i], ends[i])} when {@code ends[i] > starts[i]}; a free slot is {@code [0, 0)}. */
    private long[] starts = new long[16];
    private long[] ends = new long[16];

    /**
     * Waits until no held range overlaps {@code [start, end)} and holds it.
     *
     * @return the token to pass to {@link #unlock}
     * @throws InterruptedIOException if the thread is interrupted while waiting (its interrupt flag stays set)
     */
    int lock(long start, long end) throws InterruptedIOException {
        if (end <= start) {
            throw new IllegalArgumentException("empty range [" + start + ", " + end + ")");
        }
        lock.lock();
        try {
            while (overlapsHeld(start, end)) {
                released.await();
            }
            int slot = freeSlot();
            starts[slot] = start;
            ends[slot] = end;
            return slot;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for bytes " + start + ".." + end);
        } finally {
            lock.unlock();
        }
    }

    /** Releases the range {@link #lock} returned {@code token} for. */
    void unlock(int token) {
        lock.lock();
        try {
            if (ends[token] <= starts[token]) {
                throw new IllegalStateException("range " + token + " is not held");
            }
            starts[token] = 0;
            ends[token] = 0;
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** How many ranges are held now (for tests). */
    int held() {
        lock.lock();
        try {
            int n = 0;
            for (int i = 0; i < ends.length; i++) {
                n += ends[i] > starts[i] ? 1 : 0;
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    private boolean overlapsHeld(long start, long end) {
        for (int i = 0; i < ends.length; i++) {
            if (ends[i] > starts[i] && starts[i] < end && start < ends[i]) {
                return true;
            }
        }
        return false;
    }

    private int freeSlot() {
        for (int i = 0; i < ends.length; i++) {
            if (ends[i] <= starts[i]) {
                return i;
            }
        }
        int slot = ends.length;
        starts = Arrays.copyOf(starts, slot * 2);
        ends = Arrays.copyOf(ends, slot * 2);
        return slot;
    }
}
