package io.jiet.backstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hole punching, allocation queries and the switchable write cache of {@link FileIoStore} on a real file. */
class FileIoStoreProvisioningTest {

    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    private Path sparse(long size) throws IOException {
        Path p = dir.resolve("thin.img");
        try (RandomAccessFile raf = new RandomAccessFile(p.toFile(), "rw")) {
            raf.setLength(size);
        }
        return p;
    }

    /** st_blocks × 512, what {@code du} shows; read with stat(1) so the check does not trust our own code. */
    private static long allocatedBytes(Path p) throws IOException, InterruptedException {
        Process stat = new ProcessBuilder("stat", "-c", "%b %B", p.toString()).start();
        String[] out = new String(stat.getInputStream().readAllBytes()).trim().split(" ");
        assertEquals(0, stat.waitFor());
        return Long.parseLong(out[0]) * Long.parseLong(out[1]);
    }

    private static void fill(FileIoStore store, long offset, int length, byte value) throws IOException {
        byte[] data = new byte[length];
        Arrays.fill(data, value);
        store.write(offset, ByteBuffer.wrap(data), false);
    }

    @Test
    void unmapPunchesAHoleThatReadsAsZerosAndFreesTheSpace() throws Exception {
        Path p = sparse(16L * MIB);
        try (FileIoStore store = FileIoStore.open(p, IoMode.WRITE_BACK)) {
            fill(store, 0, 16 * MIB, (byte) 0x5A);
            store.flush();
            long before = allocatedBytes(p);
            assertTrue(before >= 16L * MIB, "written data is allocated: " + before);

            store.unmap(4L * MIB, 8L * MIB);
            store.flush();

            long after = allocatedBytes(p);
            assertTrue(before - after >= 8L * MIB - store.allocationUnit(), before + " -> " + after);
            assertEquals(16L * MIB, store.size(), "the file keeps its size");
            ByteBuffer hole = ByteBuffer.allocate(8 * MIB);
            store.read(4L * MIB, hole);
            assertArrayEquals(new byte[8 * MIB], hole.array());
            ByteBuffer kept = ByteBuffer.allocate(1);
            store.read(4L * MIB - 1, kept);
            assertEquals(0x5A, kept.get(0));
        }
    }

    @Test
    void unalignedUnmapZeroesExactlyTheRange() throws IOException {
        Path p = sparse(64 * 1024);
        try (FileIoStore store = FileIoStore.open(p, IoMode.WRITE_THROUGH)) {
            fill(store, 0, 64 * 1024, (byte) 0x11);
            store.unmap(1000, 10_000);
            ByteBuffer all = ByteBuffer.allocate(64 * 1024);
            store.read(0, all);
            for (int i = 0; i < 64 * 1024; i++) {
                int expected = i >= 1000 && i < 11_000 ? 0 : 0x11;
                assertEquals(expected, all.get(i) & 0xFF, "byte " + i);
            }
        }
    }

    @Test
    void allocationReportsHolesAndData() throws IOException {
        Path p = sparse(4L * MIB);
        try (FileIoStore store = FileIoStore.open(p, IoMode.WRITE_BACK)) {
            int unit = store.allocationUnit();
            assertTrue(unit >= 512 && Integer.bitCount(unit) == 1, "file system block size " + unit);
            fill(store, MIB, MIB, (byte) 1);
            store.flush();

            BlockStore.Allocation start = store.allocation(0, 4L * MIB);
            assertFalse(start.mapped());
            assertEquals(MIB, start.length());
            BlockStore.Allocation data = store.allocation(MIB, 4L * MIB);
            assertTrue(data.mapped());
            assertEquals(MIB, data.length());
            BlockStore.Allocation tail = store.allocation(2L * MIB, 4L * MIB);
            assertFalse(tail.mapped());
            assertEquals(2L * MIB, tail.length(), "the hole runs to the end of the file");
            assertEquals(100, store.allocation(MIB, 100).length(), "capped by maxLength");
        }
    }

    @Test
    void writeCacheCanBeSwitchedOffAndOn() throws IOException {
        try (FileIoStore store = FileIoStore.open(sparse(4096), IoMode.WRITE_BACK)) {
            assertTrue(store.writeCacheChangeable());
            assertTrue(store.writeCacheEnabled());
            store.setWriteCacheEnabled(false);
            assertFalse(store.writeCacheEnabled());
            assertEquals(IoMode.WRITE_BACK, store.mode(), "the configured mode is unchanged");
            store.setWriteCacheEnabled(true);
            assertTrue(store.writeCacheEnabled());
        }
    }

    @Test
    void readOnlyStoresRefuseUnmapAndCacheChanges() throws IOException {
        Path p = sparse(8192);
        try (FileIoStore store = FileIoStore.open(p, IoMode.READ_ONLY)) {
            assertThrows(ReadOnlyStoreException.class, () -> store.unmap(0, 4096));
            assertFalse(store.writeCacheChangeable());
            assertFalse(store.writeCacheEnabled());
            assertThrows(UnsupportedOperationException.class, () -> store.setWriteCacheEnabled(true));
            assertFalse(store.allocation(0, 8192).mapped(), "queries work read-only");
        }
    }

    @Test
    void theDefaultUnmapWritesZeros() throws IOException {
        byte[] bytes = new byte[3 * MIB];
        Arrays.fill(bytes, (byte) 7);
        Path p = dir.resolve("plain.img");
        Files.write(p, bytes);
        try (FileIoStore file = FileIoStore.open(p, IoMode.WRITE_BACK)) {
            BlockStore zeroWriting = new ForwardingStore(file);
            zeroWriting.unmap(10, 2L * MIB + 5);
            ByteBuffer back = ByteBuffer.allocate(3 * MIB);
            file.read(0, back);
            for (int i = 0; i < back.capacity(); i++) {
                assertEquals(i >= 10 && i < 10 + 2 * MIB + 5 ? 0 : 7, back.get(i), "byte " + i);
            }
            assertTrue(zeroWriting.allocation(0, 99).mapped(), "without allocation knowledge all is mapped");
        }
    }

    /** Only the mandatory methods, so BlockStore's defaults run. */
    private record ForwardingStore(BlockStore delegate) implements BlockStore {
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
        public void write(long offset, ByteBuffer src, boolean durable) throws IOException {
            delegate.write(offset, src, durable);
        }

        @Override
        public void flush() throws IOException {
            delegate.flush();
        }

        @Override
        public String describe() {
            return "forwarding";
        }

        @Override
        public void close() {
        }
    }
}
