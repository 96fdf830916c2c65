package io.jiet.scsi.disk;

import io.jiet.backstore.BlockStore;
import io.jiet.backstore.ReadOnlyStoreException;
import io.jiet.scsi.CheckCondition;
import io.jiet.scsi.Sense;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The medium of a direct-access block device: the {@link BlockStore} seen as logical blocks, its current
 * {@link BlockGeometry}, write protection (the store's read-only mode and the Control page's SWP, SBC-3 §4.11),
 * the {@link RangeLocks} that make read-modify-write commands atomic, and the mapping of I/O failures to sense
 * (SBC-3 §4.14: MEDIUM ERROR with the failing LBA in INFORMATION). Every handler that touches data goes through
 * it.
 * <p>
 * Threading: thread-safe. The geometry and the SWP bit are volatile; data access follows the store's contract
 * (concurrent access to disjoint ranges) plus the range locks.
 */
final class Medium {

    private final BlockStore store;
    private final boolean thinProvisioned;
    private final RangeLocks locks = new RangeLocks();
    private final int blockSize;
    private volatile BlockGeometry geometry;
    private volatile boolean softwareWriteProtect;

    /**
     * @param thinProvisioned the LU reports logical block provisioning (LBPME) and deallocates on UNMAP
     */
    Medium(BlockStore store, int blockSize, boolean thinProvisioned) throws IOException {
        this.store = store;
        this.blockSize = blockSize;
        this.thinProvisioned = thinProvisioned;
        this.geometry = BlockGeometry.of(blockSize, store.size(), store.allocationUnit());
    }

    BlockGeometry geometry() {
        return geometry;
    }

    BlockStore store() {
        return store;
    }

    RangeLocks locks() {
        return locks;
    }

    boolean thinProvisioned() {
        return thinProvisioned;
    }

    /**
     * Reads the store's size again; returns true if the number of logical blocks changed (the caller then
     * establishes CAPACITY DATA HAS CHANGED, SBC-3 §4.6).
     */
    boolean refreshCapacity() throws IOException {
        BlockGeometry now = BlockGeometry.of(blockSize, store.size(), store.allocationUnit());
        boolean changed = now.blockCount() != geometry.blockCount();
        geometry = now;
        return changed;
    }

    boolean softwareWriteProtect() {
        return softwareWriteProtect;
    }

    void setSoftwareWriteProtect(boolean on) {
        softwareWriteProtect = on;
    }

    /** WP in MODE SENSE's device-specific parameter: the medium refuses writes. */
    boolean writeProtected() {
        return store.readOnly() || softwareWriteProtect;
    }

    /** DATA PROTECT: WRITE PROTECTED for a read-only store, SOFTWARE WRITE PROTECTED for SWP (SBC-3 §4.11). */
    void checkWritable() throws CheckCondition {
        if (store.readOnly()) {
            throw new CheckCondition(Sense.WRITE_PROTECTED);
        }
        if (softwareWriteProtect) {
            throw new CheckCondition(Sense.SOFTWARE_WRITE_PROTECTED);
        }
    }

    /** A new buffer with {@code length} bytes from {@code lba}, flipped for reading. */
    ByteBuffer read(long lba, int length) throws CheckCondition {
        ByteBuffer data = ByteBuffer.allocate(length);
        read(lba, data);
        return data.flip();
    }

    /** Fills {@code dst} from {@code lba}; a failure is an unrecovered read error there. */
    void read(long lba, ByteBuffer dst) throws CheckCondition {
        try {
            store.read(geometry.byteOffset(lba), dst);
        } catch (IOException e) {
            throw new CheckCondition(Sense.UNRECOVERED_READ_ERROR.withInformation(lba));
        }
    }

    /**
     * Fills {@code dst} from {@code lba} if the store can do so without waiting (a cached read); false otherwise,
     * also on an I/O error, which the blocking {@link #read} that follows reports.
     */
    boolean tryRead(long lba, ByteBuffer dst) {
        try {
            return store.tryRead(geometry.byteOffset(lba), dst);
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code length} bytes from {@code lba} as a cached span of the backing file, if the store has one. */
    java.util.Optional<io.jiet.backstore.FileSpan> cachedFileSpan(long lba, int length) {
        try {
            return store.cachedFileSpan(geometry.byteOffset(lba), length);
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    /** Writes {@code data} at {@code lba} under shared range locks, after the write-protect check. */
    void write(long lba, ByteBuffer data, boolean durable) throws CheckCondition {
        changeShared(lba, data.remaining(), offset -> store.write(offset, data, durable));
    }

    /** Writes the concatenation of {@code segments} at {@code lba}, like {@link #write(long, ByteBuffer, boolean)}. */
    void write(long lba, ByteBuffer[] segments, boolean durable) throws CheckCondition {
        long length = 0;
        for (ByteBuffer segment : segments) {
            length += segment.remaining();
        }
        changeShared(lba, length, offset -> store.write(offset, segments, durable));
    }

    /** Writes {@code data} at {@code lba}; the caller holds the range's locks and checked write protection. */
    void writeHeld(long lba, ByteBuffer data, boolean durable) throws CheckCondition {
        change(lba, offset -> store.write(offset, data, durable));
    }

    /** Deallocates {@code blocks} blocks from {@code lba} (they read back as zeros: LBPRZ 1). */
    void unmap(long lba, long blocks) throws CheckCondition {
        changeShared(lba, blocks * geometry.blockSize(), offset -> store.unmap(offset, blocks * geometry.blockSize()));
    }

    /** A change to the store at a byte offset. */
    @FunctionalInterface
    private interface StoreChange {
        void apply(long offset) throws IOException;
    }

    /** {@code change} of {@code length} bytes at {@code lba}, after the write-protect check, under shared locks. */
    private void changeShared(long lba, long length, StoreChange change) throws CheckCondition {
        checkWritable();
        if (length == 0) {
            return;
        }
        long mask = locks.lockShared(geometry.byteOffset(lba), length);
        try {
            change(lba, change);
        } finally {
            locks.unlockShared(mask);
        }
    }

    /** SBC-3 §4.14: a failed change is a WRITE ERROR at its first LBA; a read-only store, WRITE PROTECTED. */
    private void change(long lba, StoreChange change) throws CheckCondition {
        try {
            change.apply(geometry.byteOffset(lba));
        } catch (ReadOnlyStoreException e) {
            throw new CheckCondition(Sense.WRITE_PROTECTED);
        } catch (IOException e) {
            throw new CheckCondition(Sense.WRITE_ERROR.withInformation(lba));
        }
    }

    /** Makes completed writes durable (SYNCHRONIZE CACHE). */
    void flush() throws CheckCondition {
        try {
            store.flush();
        } catch (IOException e) {
            throw new CheckCondition(Sense.WRITE_ERROR);
        }
    }
}
