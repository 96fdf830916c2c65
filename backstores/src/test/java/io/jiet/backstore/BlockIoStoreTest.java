package io.jiet.backstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link BlockIoStore} on regular files: O_DIRECT, alignment, read-modify-write, holes, modes and refusals. */
class BlockIoStoreTest {

    private static final int KIB = 1024;
    private static final int MIB = 1 << 20;
    /** O_DIRECT in open(2)'s flags, asm-generic/fcntl.h (octal 040000). */
    private static final int O_DIRECT = 040000;

    private DirectIoDirectory dir;

    @BeforeEach
    void scratch() throws IOException {
        dir = DirectIoDirectory.create();
    }

    @AfterEach
    void cleanUp() throws IOException {
        dir.close();
    }

    private static byte[] pattern(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Flags of every descriptor this process has open on {@code file}, from /proc/self/fdinfo. */
    private static List<Integer> openFlags(Path file) throws IOException {
        Path real = file.toRealPath();
        List<Integer> flags = new ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                Path target;
                try {
                    target = Files.readSymbolicLink(fd);
                } catch (IOException e) {
                    continue; // the descriptor Files.list itself used is gone by now
                }
                if (!target.equals(real)) {
                    continue;
                }
                for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo", fd.getFileName().toString()))) {
                    if (line.startsWith("flags:")) {
                        flags.add(Integer.parseInt(line.substring("flags:".length()).strip(), 8));
                    }
                }
            }
        }
        return flags;
    }

    @Test
    void theFileIsOpenedWithODirectAndClosedAgain() throws IOException {
        Path p = dir.sparse("lun.img", 64 * KIB);
        assertTrue(openFlags(p).isEmpty());
        try (BlockIoStore store = BlockIoStore.open(p, IoMode.WRITE_THROUGH)) {
            List<Integer> flags = openFlags(p);
            assertTrue(flags.stream().anyMatch(f -> (f & O_DIRECT) != 0),
                    "some descriptor on the file has O_DIRECT: " + flags.stream().map(Integer::toOctalString).toList());
            store.write(0, ByteBuffer.wrap(pattern(100, 1)), false);
        }
        assertEquals(List.of(), openFlags(p), "no descriptor is left open");
    }

    @Test
    void aRegularFileReportsItsFileSystemBlockAsPhysicalAnd512AsLogical() throws Exception {
        Path p = dir.sparse("lun.img", 64 * KIB);
        Process stat = new ProcessBuilder("stat", "-f", "-c", "%S", p.toString()).start();
        int fundamental = Integer.parseInt(new String(stat.getInputStream().readAllBytes()).strip());
        assertEquals(0, stat.waitFor());
        try (BlockIoStore store = BlockIoStore.open(p, IoMode.WRITE_THROUGH)) {
            assertEquals(512, store.logicalBlockSize());
            assertEquals(Math.max(512, fundamental), store.physicalBlockSize());
            assertEquals(Math.max(512, fundamental), store.ioAlignment());
            assertEquals(store.ioAlignment(), store.allocationUnit());
            assertEquals(64 * KIB, store.size());
            assertEquals(p.toString(), store.describe());
        }
    }

    static Stream<Arguments> ranges() {
        List<Arguments> ranges = new ArrayList<>();
        int[] offsets = {0, 1, 511, 512, 4095, 4096, 4097, 8192 - 512, 12_345};
        int[] lengths = {1, 511, 512, 513, 4096, 4097, 8192, 3 * 4096 + 7, MIB + 4096, 2 * MIB + 100};
        for (int offset : offsets) {
            for (int length : lengths) {
                ranges.add(Arguments.of(offset, length, false));
                ranges.add(Arguments.of(offset, length, true));
            }
        }
        return ranges.stream();
    }

    /** Heap buffers, and direct ones aligned to 4096 (used as they are when offset and length are aligned too). */
    private static ByteBuffer buffer(byte[] content, boolean direct) {
        if (!direct) {
            return ByteBuffer.wrap(content);
        }
        ByteBuffer b = ByteBuffer.allocateDirect((content.length / 4096 + 2) * 4096).alignedSlice(4096);
        b.put(content).flip();
        return b;
    }

    @ParameterizedTest(name = "offset {0} length {1} direct {2}")
    @MethodSource("ranges")
    void aWriteAtAnyOffsetAndLengthIsReadBackAndLeavesItsNeighboursAlone(int offset, int length, boolean direct)
            throws IOException {
        int size = 3 * MIB;
        byte[] before = pattern(size, 42);
        Path p = dir.file("lun.img", before);
        byte[] data = pattern(length, offset * 31L + length);
        try (BlockIoStore store = BlockIoStore.open(p, IoMode.WRITE_THROUGH)) {
            ByteBuffer src = buffer(data, direct);
            store.write(offset, src, false);
            assertFalse(src.hasRemaining(), "the source is consumed");

            ByteBuffer dst = direct ? buffer(new byte[length], true).clear().limit(length)
                    : ByteBuffer.allocate(length);
            store.read(offset, dst);
            assertFalse(dst.hasRemaining(), "the destination is filled");
            byte[] back = new byte[length];
            dst.flip().get(back);
            assertArrayEquals(data, back);
        }
        byte[] expected = before.clone();
        System.arraycopy(data, 0, expected, offset, length);
        assertArrayEquals(expected, Files.readAllBytes(p), "a plain read of the file sees the write and nothing else");
    }

    @Test
    void aGatheredWriteLargerThanOneTransferBufferLandsLikeItsConcatenation() throws IOException {
        int size = 4 * MIB;
        byte[] before = pattern(size, 12);
        Path p = dir.file("lun.img", before);
        byte[] data = pattern(5 * MIB / 2, 13);
        int offset = 777;
        List<ByteBuffer> pieces = new ArrayList<>();
        for (int at = 0; at < data.length; at += 100_000) {
            pieces.add(ByteBuffer.wrap(data, at, Math.min(100_000, data.length - at)).slice());
        }
        pieces.add(2, ByteBuffer.allocate(0));
        ByteBuffer[] srcs = pieces.toArray(ByteBuffer[]::new);
        try (BlockIoStore store = BlockIoStore.open(p, IoMode.WRITE_THROUGH)) {
            store.write(offset, srcs, true);
        }
        for (ByteBuffer src : srcs) {
            assertFalse(src.hasRemaining());
        }
        byte[] expected = before.clone();
        System.arraycopy(data, 0, expected, offset, data.length);
        assertArrayEquals(expected, Files.readAllBytes(p));
    }

    @Test
    void concurrentWritersToDisjointBytesOfSharedBlocksKeepEachOthersBytes() throws Exception {
        // 16 writers own 300-byte runs that straddle 4096-byte units, so every write is a read-modify-write of
        // a unit another writer is modifying at the same moment. Without the span lock bytes get lost.
        int writers = 16;
        int run = 300;
        int base = 4000;
        int rounds = 150;
        Path p = dir.sparse("lun.img", 64 * KIB);
        try (BlockIoStore store = BlockIoStore.open(p, IoMode.WRITE_THROUGH);
             ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            CyclicBarrier start = new CyclicBarrier(writers);
            List<Future<Void>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                Callable<Void> task = () -> {
                    start.await();
                    byte[] data = new byte[run];
                    for (int round = 1; round <= rounds; round++) {
                        Arrays.fill(data, (byte) (writer * 16 + round % 16));
                        store.write(base + (long) writer * run, ByteBuffer.wrap(data), false);
                    }
                    return null;
                };
                done.add(pool.submit(task));
            }
            for (Future<Void> f : done) {
                f.get();
            }
            byte[] all = new byte[64 * KIB];
            store.read(0, ByteBuffer.wrap(all));
            for (int w = 0; w < writers; w++) {
                byte last = (byte) (w * 16 + rounds % 16);
                for (int i = 0; i < run; i++) {
                    assertEquals(last, all[base + w * run + i], "writer " + w + " byte " + i);
                }
            }
            assertEquals(0, all[base - 1]);
            assertEquals(0, all[base + writers * run]);
        }
    }

    @Test
    void readsPastTheEndAreZeros() throws IOException {
        byte[] content = pattern(8 * KIB, 5);
        Path p = dir.file("lun.img", content);
        try (BlockIoStore store = BlockIoStore.open(p, IoMode.READ_ONLY)) {
            ByteBuffer across = ByteBuffer.allocate(3000);
            store.read(8 * KIB - 1000, across);
            assertArrayEquals(Arrays.copyOfRange(content, 8 * KIB - 1000, 8 * KIB),
                    Arrays.copyOfRange(across.array(), 0, 1000));
            assertArrayEquals(new byte[2000], Arrays.copyOfRange(across.array(), 1000, 3000));
            ByteBuffer beyond = ByteBuffer.allocate(5000);
            Arrays.fill(beyond.array(), (byte) 7);
            store.read(100 * KIB + 3, beyond);
            assertArrayEquals(new byte[5000], beyond.array());
            assertFalse(beyond.hasRemaining());
        }
    }

    @Test
    void readOnlyRefusesWritesAndUnmapAndHasNoWriteCache() throws IOException {
        byte[] content = pattern(8 * KIB, 9);
        Path p = dir.file("lun.img", content);
        try (BlockIoStore store = BlockIoStore.open(p, IoMode.READ_ONLY)) {
            assertTrue(store.readOnly());
            assertThrows(ReadOnlyStoreException.class, () -> store.write(0, ByteBuffer.wrap(new byte[512]), false));
            assertThrows(ReadOnlyStoreException.class, () -> store.unmap(0, 4096));
            assertFalse(store.writeCacheEnabled());
            assertFalse(store.writeCacheChangeable());
            ByteBuffer dst = ByteBuffer.allocate(8 * KIB);
            store.read(0, dst);
            assertArrayEquals(content, dst.array());
        }
        assertArrayEquals(content, Files.readAllBytes(p));
    }

    @Test
    void writeThroughHasNoSwitchableWriteCache() throws IOException {
        try (BlockIoStore store = BlockIoStore.open(dir.sparse("lun.img", 8 * KIB), IoMode.WRITE_THROUGH)) {
            assertFalse(store.readOnly());
            assertFalse(store.writeCacheEnabled());
            assertFalse(store.writeCacheChangeable());
            assertThrows(UnsupportedOperationException.class, () -> store.setWriteCacheEnabled(true));
            store.write(0, ByteBuffer.wrap(pattern(700, 3)), true);
            store.flush();
        }
    }

    @Test
    void writeBackIsRefusedWithTheReason() throws IOException {
        Path p = dir.sparse("lun.img", 8 * KIB);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BlockIoStore.open(p, IoMode.WRITE_BACK));
        assertTrue(e.getMessage().contains("bypasses the page cache"), e.getMessage());
        assertEquals(List.of(), openFlags(p));
    }

    @Test
    void aFileWhoseSizeIsNotAWholeNumberOfUnitsIsRefused() throws IOException {
        Path p = dir.file("odd.img", new byte[4096 + 512]);
        IOException e = assertThrows(IOException.class, () -> BlockIoStore.open(p, IoMode.WRITE_THROUGH));
        assertTrue(e.getMessage().startsWith(p + ": size 4608 is not a multiple of "), e.getMessage());
        assertTrue(e.getMessage().contains("Type=fileio"), e.getMessage());
        assertEquals(List.of(), openFlags(p), "the refused file is closed again");
    }

    @Test
    void aFileSystemWithoutODirectIsNamedInTheError() {
        // procfs has no direct I/O: open(2) with O_DIRECT fails with EINVAL, as tmpfs did before Linux 6.6.
        Path p = Path.of("/proc/self/stat");
        IOException e = assertThrows(IOException.class, () -> BlockIoStore.open(p, IoMode.READ_ONLY));
        assertEquals(p + ": the file system (proc) does not support O_DIRECT; use Type=fileio", e.getMessage());
    }

    @Test
    void missingFilesAndDirectoriesAreRefused() throws IOException {
        assertThrows(java.nio.file.NoSuchFileException.class,
                () -> BlockIoStore.open(dir.root().resolve("missing.img"), IoMode.WRITE_THROUGH));
        IOException e = assertThrows(IOException.class, () -> BlockIoStore.open(dir.root(), IoMode.WRITE_THROUGH));
        assertEquals(dir.root() + ": not a block device or regular file", e.getMessage());
    }

    @Test
    void aFileAcceptsEveryBlockSize() throws IOException {
        try (BlockIoStore store = BlockIoStore.open(dir.sparse("lun.img", 8 * KIB), IoMode.WRITE_THROUGH)) {
            for (int blockSize : new int[] {512, 1024, 2048, 4096}) {
                store.requireBlockSize(blockSize);
            }
        }
    }

    /** st_blocks × 512, what {@code du} shows; read with stat(1) so the check does not trust our own code. */
    private static long allocatedBytes(Path p) throws IOException, InterruptedException {
        Process stat = new ProcessBuilder("stat", "-c", "%b %B", p.toString()).start();
        String[] out = new String(stat.getInputStream().readAllBytes()).strip().split(" ");
        assertEquals(0, stat.waitFor());
        return Long.parseLong(out[0]) * Long.parseLong(out[1]);
    }

    @Test
    void unmapPunchesAHoleThatReadsAsZerosAndGivesTheSpaceBack() throws Exception {
        Path p = dir.sparse("thin.img", 16L * MIB);
        try (BlockIoStore store = BlockIoStore.open(p, IoMode.WRITE_THROUGH)) {
            assertEquals(new BlockStore.Allocation(false, 16L * MIB), store.allocation(0, 16L * MIB));
            byte[] data = new byte[MIB];
            Arrays.fill(data, (byte) 0x5A);
            for (int i = 0; i < 16; i++) {
                store.write((long) i * MIB, ByteBuffer.wrap(data), false);
            }
            long before = allocatedBytes(p);
            assertTrue(before >= 16L * MIB, "written data is allocated: " + before);

            store.unmap(4L * MIB + 100, 8L * MIB);

            long after = allocatedBytes(p);
            assertTrue(before - after >= 8L * MIB - 2L * store.allocationUnit(), before + " -> " + after);
            assertEquals(16L * MIB, store.size(), "the file keeps its size");
            assertFalse(store.allocation(6L * MIB, MIB).mapped());
            ByteBuffer all = ByteBuffer.allocate(16 * MIB);
            store.read(0, all);
            for (int i = 0; i < 16 * MIB; i++) {
                boolean unmapped = i >= 4 * MIB + 100 && i < 12 * MIB + 100;
                if (all.get(i) != (unmapped ? 0 : 0x5A)) {
                    throw new AssertionError("byte " + i + " is " + all.get(i));
                }
            }
        }
    }

    @Test
    void unmapInsideOneUnitZeroesExactlyTheRange() throws IOException {
        byte[] content = pattern(16 * KIB, 11);
        Path p = dir.file("lun.img", content);
        try (BlockIoStore store = BlockIoStore.open(p, IoMode.WRITE_THROUGH)) {
            store.unmap(5000, 100);
        }
        byte[] expected = content.clone();
        Arrays.fill(expected, 5000, 5100, (byte) 0);
        assertArrayEquals(expected, Files.readAllBytes(p));
    }

    @Test
    void writesPastTheEndOfAFileExtendItToTheEndOfTheUnit() throws IOException {
        Path p = dir.sparse("grow.img", 0);
        try (BlockIoStore store = BlockIoStore.open(p, IoMode.WRITE_THROUGH)) {
            store.write(5000, ByteBuffer.wrap(pattern(10, 1)), false);
            assertEquals(2L * store.ioAlignment(), store.size());
            ByteBuffer back = ByteBuffer.allocate(5010);
            store.read(0, back);
            byte[] expected = new byte[5010];
            System.arraycopy(pattern(10, 1), 0, expected, 5000, 10);
            assertArrayEquals(expected, back.array());
        }
    }
}
