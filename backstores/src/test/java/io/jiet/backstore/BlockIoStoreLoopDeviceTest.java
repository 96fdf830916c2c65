package io.jiet.backstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link BlockIoStore} on a real block device: a loop device over a scratch file, attached with {@code losetup}.
 * That needs root and the loop driver; where {@code losetup} is refused the tests are skipped.
 */
class BlockIoStoreLoopDeviceTest {

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

    /** A loop device over a file, detached on close. */
    private record LoopDevice(Path device) implements AutoCloseable {

        static LoopDevice attach(Path file, int sectorSize) throws IOException, InterruptedException {
            Process losetup;
            try {
                losetup = new ProcessBuilder("losetup", "--find", "--show", "--sector-size",
                        Integer.toString(sectorSize), file.toString()).start();
            } catch (IOException e) {
                assumeTrue(false, "losetup is not available: " + e.getMessage());
                throw e;
            }
            String out = new String(losetup.getInputStream().readAllBytes()).strip();
            String err = new String(losetup.getErrorStream().readAllBytes()).strip();
            assumeTrue(losetup.waitFor() == 0, "losetup is not permitted here (needs root and the loop driver): "
                    + err);
            return new LoopDevice(Path.of(out));
        }

        @Override
        public void close() throws IOException {
            try {
                Process detach = new ProcessBuilder("losetup", "--detach", device.toString()).inheritIO().start();
                if (detach.waitFor() != 0) {
                    throw new IOException("losetup --detach " + device + " failed");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }

    /** What {@code blockdev --getss --getpbsz} says, so the check does not trust our own ioctl code. */
    private static int[] blockdevSizes(Path device) throws IOException, InterruptedException {
        Process blockdev = new ProcessBuilder("blockdev", "--getss", "--getpbsz", device.toString()).start();
        String[] lines = new String(blockdev.getInputStream().readAllBytes()).strip().split("\\s+");
        assertEquals(0, blockdev.waitFor());
        return new int[] {Integer.parseInt(lines[0]), Integer.parseInt(lines[1])};
    }

    private static byte[] pattern(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static boolean openedWithODirect(Path device) throws IOException {
        Path real = device.toRealPath();
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    if (!Files.readSymbolicLink(fd).equals(real)) {
                        continue;
                    }
                } catch (IOException e) {
                    continue;
                }
                for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo", fd.getFileName().toString()))) {
                    if (line.startsWith("flags:")
                            && (Integer.parseInt(line.substring(6).strip(), 8) & O_DIRECT) != 0) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    @Test
    void aDeviceWith4096ByteSectorsTakes512ByteWritesByReadModifyWrite() throws Exception {
        byte[] before = pattern(1 << 20, 3);
        Path backing = dir.file("disk.img", before);
        byte[] expected = before.clone();
        try (LoopDevice loop = LoopDevice.attach(backing, 4096);
             BlockIoStore store = BlockIoStore.open(loop.device(), IoMode.WRITE_THROUGH)) {
            assertTrue(openedWithODirect(loop.device()));
            int[] sizes = blockdevSizes(loop.device());
            assertEquals(4096, sizes[0]);
            assertEquals(sizes[0], store.logicalBlockSize());
            assertEquals(sizes[1], store.physicalBlockSize());
            assertEquals(1 << 20, store.size());
            assertEquals(new BlockStore.Allocation(true, 100), store.allocation(0, 100));

            BlockSizeMismatchException e = assertThrows(BlockSizeMismatchException.class,
                    () -> store.requireBlockSize(512));
            assertEquals("BlockSize 512 is smaller than " + loop.device() + "'s logical block size 4096; use"
                    + " BlockSize=4096", e.getMessage());
            assertEquals(512, e.blockSize());
            assertEquals(4096, e.logicalBlockSize());
            store.requireBlockSize(4096);

            for (int lba : new int[] {0, 1, 7, 9, 100, 2047}) {
                byte[] block = pattern(512, lba);
                store.write(lba * 512L, ByteBuffer.wrap(block), lba == 7);
                System.arraycopy(block, 0, expected, lba * 512, 512);
            }
            ByteBuffer all = ByteBuffer.allocate(1 << 20);
            store.read(0, all);
            assertArrayEquals(expected, all.array());
        }
        assertArrayEquals(expected, Files.readAllBytes(backing), "the writes reached the backing file");
    }

    @Test
    void aDeviceWhoseSizeIsNotAWholeNumberOfUnitsIsUsableToItsLastSector() throws Exception {
        int size = 16 * 1024 + 512;
        byte[] before = pattern(size, 4);
        Path backing = dir.file("odd.img", before);
        byte[] expected = before.clone();
        try (LoopDevice loop = LoopDevice.attach(backing, 512);
             BlockIoStore store = BlockIoStore.open(loop.device(), IoMode.WRITE_THROUGH)) {
            assertEquals(512, store.logicalBlockSize());
            assertEquals(blockdevSizes(loop.device())[1], store.physicalBlockSize());
            assertEquals(size, store.size());
            store.requireBlockSize(512);

            byte[] last = pattern(512, 5);
            store.write(size - 512, ByteBuffer.wrap(last), false);
            System.arraycopy(last, 0, expected, size - 512, 512);
            byte[] across = pattern(200, 6);
            store.write(size - 600, ByteBuffer.wrap(across), false);
            System.arraycopy(across, 0, expected, size - 600, 200);

            ByteBuffer all = ByteBuffer.allocate(size + 1000);
            store.read(0, all);
            assertArrayEquals(expected, Arrays.copyOf(all.array(), size));
            assertArrayEquals(new byte[1000], Arrays.copyOfRange(all.array(), size, size + 1000), "past the end");

            IOException past = assertThrows(IOException.class,
                    () -> store.write(size - 100, ByteBuffer.wrap(new byte[200]), false));
            assertTrue(past.getMessage().contains("past the end of the device"), past.getMessage());
        }
        assertArrayEquals(expected, Files.readAllBytes(backing));
    }

    @Test
    void unmapOnADeviceReadsBackAsZeros() throws Exception {
        byte[] before = pattern(256 * 1024, 8);
        Path backing = dir.file("disk.img", before);
        byte[] expected = before.clone();
        Arrays.fill(expected, 1000, 200_000, (byte) 0);
        try (LoopDevice loop = LoopDevice.attach(backing, 512);
             BlockIoStore store = BlockIoStore.open(loop.device(), IoMode.WRITE_THROUGH)) {
            store.unmap(1000, 199_000);
            ByteBuffer all = ByteBuffer.allocate(before.length);
            store.read(0, all);
            assertArrayEquals(expected, all.array());
        }
        assertArrayEquals(expected, Files.readAllBytes(backing));
    }
}
