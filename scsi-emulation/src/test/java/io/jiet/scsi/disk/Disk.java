package io.jiet.scsi.disk;

import io.jiet.backstore.BlockStore;
import io.jiet.backstore.FileIoStore;
import io.jiet.backstore.IoMode;
import io.jiet.scsi.ItNexus;
import io.jiet.scsi.LogicalUnitIdentity;
import io.jiet.scsi.ScsiRequest;
import io.jiet.scsi.ScsiResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/** A DiskLogicalUnit over a temp-file FileIoStore, and helpers to send it CDBs. */
final class Disk implements AutoCloseable {

    static final ItNexus NEXUS = new ItNexus("iqn.1993-08.org.debian:01:test,i,0x23d000000001",
            "iqn.2001-04.com.example:disk,t,0x1", 1, 1);
    static final LogicalUnitIdentity IDENTITY =
            LogicalUnitIdentity.iet("iqn.2001-04.com.example:disk", 0, "149455403f160c00", null);

    final Path file;
    final BlockStore store;
    final DiskLogicalUnit unit;

    /** A second initiator's I_T nexus through the same target port. */
    static final ItNexus OTHER = new ItNexus("iqn.1993-08.org.debian:01:other,i,0x23d000000002",
            "iqn.2001-04.com.example:disk,t,0x1", 1, 1);

    private Disk(Path file, BlockStore store, int blockSize) throws IOException {
        this(file, store, blockSize, DiskLogicalUnit.Options.defaults());
    }

    private Disk(Path file, BlockStore store, int blockSize, DiskLogicalUnit.Options options) throws IOException {
        this.file = file;
        this.store = store;
        this.unit = new DiskLogicalUnit(store, blockSize, IDENTITY, options);
    }

    /** A sparse file of {@code bytes} bytes behind a logical unit with {@code options}. */
    static Disk sparse(Path dir, String name, long bytes, int blockSize, IoMode mode,
                       DiskLogicalUnit.Options options) throws IOException {
        Path file = dir.resolve(name);
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(bytes);
        }
        return new Disk(file, FileIoStore.open(file, mode), blockSize, options);
    }

    static Disk onStore(BlockStore store, int blockSize, DiskLogicalUnit.Options options) throws IOException {
        return new Disk(null, store, blockSize, options);
    }

    /** A file of {@code blocks} blocks filled with {@link #pattern}. */
    static Disk onFile(Path dir, long blocks, int blockSize, IoMode mode) throws IOException {
        Path file = dir.resolve("disk-" + mode + "-" + blocks + ".img");
        byte[] content = new byte[(int) (blocks * blockSize)];
        for (int i = 0; i < content.length; i++) {
            content[i] = pattern(i);
        }
        Files.write(file, content);
        return new Disk(file, FileIoStore.open(file, mode), blockSize);
    }

    static Disk onStore(BlockStore store, int blockSize) throws IOException {
        return new Disk(null, store, blockSize);
    }

    /** Differs between neighbouring bytes and between the same byte of neighbouring 512-byte blocks. */
    static byte pattern(long offset) {
        return (byte) (offset * 31 + (offset >>> 9) * 13 + 7);
    }

    ScsiResult execute(byte[] cdb) {
        return execute(cdb, ByteBuffer.allocate(0), 1 << 24);
    }

    ScsiResult execute(byte[] cdb, int allocationLimit) {
        return execute(cdb, ByteBuffer.allocate(0), allocationLimit);
    }

    ScsiResult write(byte[] cdb, byte[] dataOut) {
        return execute(cdb, ByteBuffer.wrap(dataOut), 0);
    }

    ScsiResult execute(byte[] cdb, ByteBuffer dataOut, int allocationLimit) {
        return execute(NEXUS, cdb, dataOut, allocationLimit);
    }

    ScsiResult execute(ItNexus nexus, byte[] cdb, ByteBuffer dataOut, int allocationLimit) {
        return unit.execute(new ScsiRequest(nexus, 0L, cdb, dataOut, allocationLimit));
    }

    /** A command from {@code nexus} without data-out. */
    ScsiResult execute(ItNexus nexus, byte[] cdb) {
        return execute(nexus, cdb, ByteBuffer.allocate(0), 1 << 24);
    }

    /** A command from {@code nexus} with data-out. */
    ScsiResult write(ItNexus nexus, byte[] cdb, byte[] dataOut) {
        return execute(nexus, cdb, ByteBuffer.wrap(dataOut), 0);
    }

    byte[] fileBytes() throws IOException {
        return Files.readAllBytes(file);
    }

    @Override
    public void close() {
        unit.close();
    }
}
