package io.jiet.scsi.disk;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.StampedLock;

/**
 * Locks that make the read-modify-write commands (COMPARE AND WRITE, ORWRITE, WRITE ATOMIC, EXTENDED COPY's
 * writes) atomic with respect to every other write of the same logical blocks (SBC-3 §5.2: "the device server
 * shall not allow other commands to alter the logical blocks" between the compare and the write).
 * <p>
 * The medium is cut into 1 MiB regions mapped onto {@value #STRIPES} stripes; a command locks the stripes its byte
 * range touches, in ascending stripe order, so two commands never wait on each other in a cycle. Plain writes
 * take their stripes shared (they may overlap each other, as SBC allows), read-modify-write commands exclusive.
 * Reads take no lock: SBC makes no promise about a read racing a write.
 * <p>
 * Threading: thread-safe. Locking allocates nothing: the stripe set is a bit mask.
 */
final class RangeLocks {

    static final int STRIPES = 64;
    private static final int REGION_SHIFT = 20;

    private final Lock[] shared = new Lock[STRIPES];
    private final Lock[] exclusive = new Lock[STRIPES];

    RangeLocks() {
        for (int i = 0; i < STRIPES; i++) {
            StampedLock lock = new StampedLock();
            shared[i] = lock.asReadLock();
            exclusive[i] = lock.asWriteLock();
        }
    }

    /** Takes the stripes of {@code [offset, offset + length)} shared; returns the mask to release. */
    long lockShared(long offset, long length) {
        return lock(shared, stripes(offset, length));
    }

    /** Takes the stripes of {@code [offset, offset + length)} exclusively; returns the mask to release. */
    long lockExclusive(long offset, long length) {
        return lock(exclusive, stripes(offset, length));
    }

    void unlockShared(long mask) {
        unlock(shared, mask);
    }

    void unlockExclusive(long mask) {
        unlock(exclusive, mask);
    }

    /** The stripes a byte range touches, as a mask; 64 or more regions touch them all. */
    static long stripes(long offset, long length) {
        if (length <= 0) {
            return 0;
        }
        long first = offset >>> REGION_SHIFT;
        long last = (offset + length - 1) >>> REGION_SHIFT;
        if (last - first + 1 >= STRIPES) {
            return -1L;
        }
        long mask = 0;
        for (long region = first; region <= last; region++) {
            mask |= 1L << (region & (STRIPES - 1));
        }
        return mask;
    }

    private static long lock(Lock[] locks, long mask) {
        for (long rest = mask; rest != 0; rest &= rest - 1) {
            locks[Long.numberOfTrailingZeros(rest)].lock();
        }
        return mask;
    }

    private static void unlock(Lock[] locks, long mask) {
        for (long rest = mask; rest != 0; rest &= rest - 1) {
            locks[Long.numberOfTrailingZeros(rest)].unlock();
        }
    }
}
