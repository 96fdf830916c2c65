package io.jiet.backstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link BlockStore#write(long, ByteBuffer[], boolean)}: a command's data as it arrived in several PDUs lands in the
 * file exactly as their concatenation would, through one pwritev(2) for off-heap buffers (more calls past 64
 * segments) and one write per buffer otherwise.
 */
class FileIoStoreGatheringWriteTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} segments of up to {1} bytes, direct={2}, {3}")
    @CsvSource({"1,4096,true,WRITE_BACK", "3,8192,true,WRITE_BACK", "70,1500,true,WRITE_BACK",
        "200,700,true,WRITE_THROUGH", "5,3000,false,WRITE_BACK"})
    void segmentsLandAsTheirConcatenation(int segments, int maxLength, boolean direct, IoMode mode)
            throws IOException {
        Path file = dir.resolve("lun.img");
        Files.write(file, new byte[1 << 20]);
        Random random = new Random(segments * 31L + maxLength);
        ByteBuffer[] srcs = new ByteBuffer[segments];
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < segments; i++) {
            byte[] bytes = new byte[1 + random.nextInt(maxLength)];
            random.nextBytes(bytes);
            expected.writeBytes(bytes);
            // A slice with a non-zero position, as a PDU's data is within its receive buffer.
            ByteBuffer b = direct ? ByteBuffer.allocateDirect(bytes.length + 7) : ByteBuffer.allocate(bytes.length + 7);
            b.position(7);
            b.put(bytes).position(7);
            srcs[i] = b;
        }
        long offset = 12_345;
        try (FileIoStore store = FileIoStore.open(file, mode)) {
            store.write(offset, srcs, true);
        }
        for (ByteBuffer b : srcs) {
            assertFalse(b.hasRemaining(), "every buffer consumed");
        }
        byte[] onDisk = Files.readAllBytes(file);
        byte[] want = expected.toByteArray();
        byte[] got = new byte[want.length];
        System.arraycopy(onDisk, (int) offset, got, 0, want.length);
        assertArrayEquals(want, got);
        assertEquals(0, onDisk[(int) offset - 1]);
        assertEquals(0, onDisk[(int) offset + want.length]);
    }

    @ParameterizedTest
    @CsvSource({"true", "false"})
    void aReadOnlyStoreRefusesGatheredWrites(boolean direct) throws IOException {
        Path file = dir.resolve("ro.img");
        Files.write(file, new byte[8192]);
        try (FileIoStore store = FileIoStore.open(file, IoMode.READ_ONLY)) {
            ByteBuffer a = direct ? ByteBuffer.allocateDirect(512) : ByteBuffer.allocate(512);
            ByteBuffer b = direct ? ByteBuffer.allocateDirect(512) : ByteBuffer.allocate(512);
            assertThrows(ReadOnlyStoreException.class, () -> store.write(0, new ByteBuffer[] {a, b}, false));
        }
    }

    /** After close the store's own descriptor is never used again: the kernel may have given its number away. */
    @org.junit.jupiter.api.Test
    void aClosedStoreRefusesNativeCallsInsteadOfUsingAStaleDescriptor() throws IOException {
        Path file = dir.resolve("closed.img");
        Files.write(file, new byte[8192]);
        FileIoStore store = FileIoStore.open(file, IoMode.WRITE_BACK);
        store.close();
        ByteBuffer[] two = {ByteBuffer.allocateDirect(512), ByteBuffer.allocateDirect(512)};
        assertThrows(java.nio.channels.ClosedChannelException.class, () -> store.write(0, two, false));
        assertThrows(java.nio.channels.ClosedChannelException.class,
                () -> store.tryRead(0, ByteBuffer.allocateDirect(512)));
        store.close(); // idempotent
    }
}
