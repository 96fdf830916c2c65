package io.jiet.backstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileIoStoreTest {

    @TempDir
    Path dir;

    private Path file(int size) throws IOException {
        Path p = dir.resolve("lun-" + size);
        byte[] content = new byte[size];
        for (int i = 0; i < size; i++) {
            content[i] = (byte) (i * 7 + 1);
        }
        Files.write(p, content);
        return p;
    }

    @Test
    void writesAreReadBackAndReachTheFile() throws IOException {
        Path p = file(8192);
        try (FileIoStore store = FileIoStore.open(p, IoMode.WRITE_BACK)) {
            store.write(1000, ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)), false);
            ByteBuffer dst = ByteBuffer.allocate(5);
            store.read(1000, dst);
            assertEquals("hello", new String(dst.array(), StandardCharsets.US_ASCII));
            assertFalse(dst.hasRemaining());
        }
        byte[] onDisk = Files.readAllBytes(p);
        assertEquals("hello", new String(onDisk, 1000, 5, StandardCharsets.US_ASCII));
        assertEquals((byte) (999 * 7 + 1), onDisk[999]);
        assertEquals((byte) (1005 * 7 + 1), onDisk[1005]);
    }

    @Test
    void sizeIsTheFileSize() throws IOException {
        try (FileIoStore store = FileIoStore.open(file(12345), IoMode.WRITE_THROUGH)) {
            assertEquals(12345, store.size());
            assertEquals(IoMode.WRITE_THROUGH, store.mode());
        }
    }

    @Test
    void bytesPastTheEndReadAsZero() throws IOException {
        try (FileIoStore store = FileIoStore.open(file(10), IoMode.READ_ONLY)) {
            ByteBuffer dst = ByteBuffer.allocate(8);
            Arrays.fill(dst.array(), (byte) 0x55);
            store.read(6, dst);
            assertArrayEquals(new byte[] {(byte) (6 * 7 + 1), (byte) (7 * 7 + 1), (byte) (8 * 7 + 1),
                    (byte) (9 * 7 + 1), 0, 0, 0, 0}, dst.array());
        }
    }

    @Test
    void readOnlyStoreRefusesWritesAndLeavesTheFileAlone() throws IOException {
        Path p = file(512);
        byte[] before = Files.readAllBytes(p);
        try (FileIoStore store = FileIoStore.open(p, IoMode.READ_ONLY)) {
            assertTrue(store.readOnly());
            assertFalse(store.writeCacheEnabled());
            assertThrows(ReadOnlyStoreException.class,
                    () -> store.write(0, ByteBuffer.wrap(new byte[] {1, 2, 3}), true));
            store.flush();
        }
        assertArrayEquals(before, Files.readAllBytes(p));
    }

    @Test
    void onlyWriteBackHasAVolatileCache() throws IOException {
        Path p = file(512);
        try (FileIoStore wb = FileIoStore.open(p, IoMode.WRITE_BACK);
             FileIoStore wt = FileIoStore.open(p, IoMode.WRITE_THROUGH)) {
            assertTrue(wb.writeCacheEnabled());
            assertFalse(wt.writeCacheEnabled());
            assertFalse(wb.readOnly());
        }
    }

    @Test
    void aMissingFileIsNotCreated() {
        Path missing = dir.resolve("absent");
        assertThrows(NoSuchFileException.class, () -> FileIoStore.open(missing, IoMode.WRITE_BACK));
        assertFalse(Files.exists(missing));
    }

    @Test
    void writeBackForcesOnlyForDurableWritesAndFlush() throws IOException {
        RecordingChannel channel = recording(file(64));
        try (FileIoStore store = new FileIoStore(dir, channel, IoMode.WRITE_BACK, -1)) {
            store.write(0, ByteBuffer.wrap(new byte[5]), false);
            assertEquals(List.of("write@0", "write@3"), channel.events);
            channel.events.clear();

            store.write(10, ByteBuffer.wrap(new byte[4]), true);
            assertEquals(List.of("write@10", "write@13", "force"), channel.events);
            channel.events.clear();

            store.flush();
            assertEquals(List.of("force"), channel.events);
        }
    }

    @Test
    void writeThroughForcesAfterEveryWrite() throws IOException {
        RecordingChannel channel = recording(file(64));
        try (FileIoStore store = new FileIoStore(dir, channel, IoMode.WRITE_THROUGH, -1)) {
            store.write(20, ByteBuffer.wrap(new byte[2]), false);
            store.write(30, ByteBuffer.wrap(new byte[7]), false);
            assertEquals(List.of("write@20", "force", "write@30", "write@33", "write@36", "force"), channel.events);
        }
    }

    @Test
    void shortChannelReadsAndWritesAreCompleted() throws IOException {
        Path p = file(64);
        RecordingChannel channel = recording(p);
        try (FileIoStore store = new FileIoStore(p, channel, IoMode.WRITE_BACK, -1)) {
            byte[] data = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
            store.write(40, ByteBuffer.wrap(data), false);
            ByteBuffer dst = ByteBuffer.allocate(16);
            store.read(40, dst);
            assertArrayEquals(data, dst.array());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 511, 512, 4097, 1 << 20, (1 << 20) + 3})
    void probingFindsTheEnd(int size) throws IOException {
        try (FileChannel channel = FileChannel.open(file(size), StandardOpenOption.READ)) {
            assertEquals(size, FileIoStore.probeEnd(channel));
        }
    }

    @Test
    void deviceSizePrefersWhatTheChannelReports() throws IOException {
        Path p = file(777);
        try (FileChannel channel = FileChannel.open(p, StandardOpenOption.READ)) {
            assertEquals(777, FileIoStore.deviceSize(p, channel));
        }
    }

    private static RecordingChannel recording(Path p) throws IOException {
        return new RecordingChannel(FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE));
    }
}
