package io.jiet.scsi.disk;

import static io.jiet.scsi.SenseAssertions.assertCheckCondition;
import static io.jiet.scsi.SenseAssertions.assertInvalidFieldInCdb;
import static io.jiet.scsi.SenseAssertions.bytes;
import static io.jiet.scsi.SenseAssertions.cdb;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jiet.backstore.IoMode;
import io.jiet.scsi.ScsiResult;
import io.jiet.scsi.ScsiStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReadWriteTest {

    private static final int BLOCKS = 300;

    @TempDir
    Path dir;

    static byte[] read10(long lba, int blocks) {
        return cdb(0x28, 0, (int) (lba >>> 24) & 0xFF, (int) (lba >>> 16) & 0xFF, (int) (lba >>> 8) & 0xFF,
                (int) lba & 0xFF, 0, blocks >>> 8, blocks & 0xFF, 0);
    }

    static byte[] write10(long lba, int blocks, int flags) {
        byte[] c = read10(lba, blocks);
        c[0] = 0x2A;
        c[1] = (byte) flags;
        return c;
    }

    static byte[] sixteen(int opcode, long lba, long blocks) {
        byte[] c = new byte[16];
        c[0] = (byte) opcode;
        for (int i = 0; i < 8; i++) {
            c[2 + i] = (byte) (lba >>> (56 - 8 * i));
        }
        for (int i = 0; i < 4; i++) {
            c[10 + i] = (byte) (blocks >>> (24 - 8 * i));
        }
        return c;
    }

    static byte[] twelve(int opcode, long lba, long blocks) {
        byte[] c = new byte[12];
        c[0] = (byte) opcode;
        for (int i = 0; i < 4; i++) {
            c[2 + i] = (byte) (lba >>> (24 - 8 * i));
            c[6 + i] = (byte) (blocks >>> (24 - 8 * i));
        }
        return c;
    }

    private static byte[] expectedFileBytes(long lba, int blocks) {
        byte[] b = new byte[blocks * 512];
        for (int i = 0; i < b.length; i++) {
            b[i] = Disk.pattern(lba * 512 + i);
        }
        return b;
    }

    @Test
    void read10ReturnsTheFileContents() throws IOException {
        try (Disk disk = Disk.onFile(dir, BLOCKS, 512, IoMode.WRITE_BACK)) {
            ScsiResult r = disk.execute(read10(7, 3));
            assertArrayEquals(expectedFileBytes(7, 3), bytes(r));
            assertEquals(3 * 512, r.transferLength());
        }
    }

    @Test
    void allReadFormsAgree() throws IOException {
        try (Disk disk = Disk.onFile(dir, BLOCKS, 512, IoMode.WRITE_BACK)) {
            byte[] expected = expectedFileBytes(BLOCKS - 2, 2);
            byte[] read6 = cdb(0x08, 0, (BLOCKS - 2) >> 8, (BLOCKS - 2) & 0xFF, 2, 0);
            assertArrayEquals(expected, bytes(disk.execute(read6)));
            assertArrayEquals(expected, bytes(disk.execute(read10(BLOCKS - 2, 2))));
            assertArrayEquals(expected, bytes(disk.execute(twelve(0xA8, BLOCKS - 2, 2))));
            assertArrayEquals(expected, bytes(disk.execute(sixteen(0x88, BLOCKS - 2, 2))));
        }
    }

    @Test
    void transferLengthZeroOfRead6And6ByteWriteMeans256Blocks() throws IOException {
        try (Disk disk = Disk.onFile(dir, BLOCKS, 512, IoMode.WRITE_BACK)) {
            ScsiResult r = disk.execute(cdb(0x08, 0, 0, 1, 0, 0));
            assertEquals(256 * 512, bytes(r).length);
            assertArrayEquals(expectedFileBytes(1, 256), bytes(r));

            byte[] data = new byte[256 * 512];
            Arrays.fill(data, (byte) 0x5A);
            ScsiResult w = disk.write(cdb(0x0A, 0, 0, 2, 0, 0), data);
            assertEquals(256 * 512, w.transferLength());
            bytes(w);
            assertArrayEquals(data, Arrays.copyOfRange(disk.fileBytes(), 2 * 512, 258 * 512));
        }
    }

    @Test
    void allWriteFormsReachTheFile() throws IOException {
        try (Disk disk = Disk.onFile(dir, BLOCKS, 512, IoMode.WRITE_THROUGH)) {
            List<byte[]> cdbs = List.of(cdb(0x0A, 0, 0, 10, 1, 0), write10(11, 1, 0),
                    twelve(0xAA, 12, 1), sixteen(0x8A, 13, 1));
            for (int i = 0; i < cdbs.size(); i++) {
                byte[] block = new byte[512];
                Arrays.fill(block, (byte) (0x10 + i));
                bytes(disk.write(cdbs.get(i), block));
                assertArrayEquals(block, Arrays.copyOfRange(disk.fileBytes(), (10 + i) * 512, (11 + i) * 512));
            }
            assertArrayEquals(expectedFileBytes(14, 1), Arrays.copyOfRange(disk.fileBytes(), 14 * 512, 15 * 512));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {BLOCKS - 1, BLOCKS, BLOCKS + 1, 0x8000_0000L, 0xFFFF_FFFFL})
    void read10BeyondTheEndIsLbaOutOfRange(long lba) throws IOException {
        try (Disk disk = Disk.onFile(dir, BLOCKS, 512, IoMode.WRITE_BACK)) {
            for (int blocks = 2; blocks <= 256; blocks += 127) {
                assertCheckCondition(disk.execute(read10(lba, blocks)), 0x05, 0x21, 0x00);
                assertCheckCondition(disk.write(write10(lba, blocks, 0), new byte[blocks * 512]), 0x05, 0x21, 0x00);
            }
        }
    }

    @Test
    void lastBlocksAreReadable() throws IOException {
        try (Disk disk = Disk.onFile(dir, BLOCKS, 512, IoMode.WRITE_BACK)) {
            for (int blocks = 1; blocks <= 256; blocks++) {
                assertEquals(blocks * 512, bytes(disk.execute(read10(BLOCKS - blocks, blocks))).length);
            }
            assertCheckCondition(disk.execute(read10(BLOCKS, 1)), 0x05, 0x21, 0x00);
        }
    }

    @Test
    void read6And16HugeLbasAreOutOfRange() throws IOException {
        try (Disk disk = Disk.onFile(dir, BLOCKS, 512, IoMode.WRITE_BACK)) {
            assertCheckCondition(disk.execute(cdb(0x08, 0x1F, 0xFF, 0xFF, 1, 0)), 0x05, 0x21, 0x00);
            assertCheckCondition(disk.execute(sixteen(0x88, 0x8000_0000_0000_0000L, 1)), 0x05, 0x21, 0x00);
            assertCheckCondition(disk.execute(sixteen(0x88, -1L, 1)), 0x05, 0x21, 0x00);
            assertCheckCondition(disk.execute(sixteen(0x88, 1L << 55, 256)), 0x05, 0x21, 0x00);
        }
    }

    @Test
    void zeroBlocksAreFineInsideButNotPastTheEnd() throws IOException {
        try (Disk disk = Disk.onFile(dir, BLOCKS, 512, IoMode.WRITE_BACK)) {
            ScsiResult r = disk.execute(read10(0, 0));
            assertEquals(0, bytes(r).length);
            assertEquals(0, r.transferLength());
            bytes(disk.write(write10(0, 0, 0), new byte[0]));
            assertCheckCondition(disk.execute(read10(BLOCKS + 1, 0)), 0x05, 0x21, 0x00);
            assertCheckCondition(disk.execute(read10(0x8000_0000L, 0)), 0x05, 0x21, 0x00);
            assertCheckCondition(disk.execute(sixteen(0x88, -1L, 0)), 0x05, 0x21, 0x00);
            assertCheckCondition(disk.write(write10(0xFFFF_FFFFL, 0, 0), new byte[0]), 0x05, 0x21, 0x00);
        }
    }

    @Test
    void protectionFieldsAreRefused() throws IOException {
        try (Disk disk = Disk.onFile(dir, BLOCKS, 512, IoMode.WRITE_BACK)) {
            for (int protect = 1; protect < 8; protect++) {
                byte[] read = read10(0, 1);
                read[1] = (byte) (protect << 5);
                assertInvalidFieldInCdb(disk.execute(read), 1);
                assertInvalidFieldInCdb(disk.write(write10(0, 1, protect << 5), new byte[512]), 1);
                byte[] write16 = sixteen(0x8A, 0, 1);
                write16[1] = (byte) (protect << 5);
                assertInvalidFieldInCdb(disk.write(write16, new byte[512]), 1);
            }
            assertArrayEquals(expectedFileBytes(0, 1), Arrays.copyOf(disk.fileBytes(), 512));
        }
    }

    @Test
    void dpoAndFuaAreAcceptedAndFuaMakesTheWriteDurable() throws IOException {
        MemoryStore store = new MemoryStore(BLOCKS * 512);
        try (Disk disk = Disk.onStore(store, 512)) {
            bytes(disk.write(write10(1, 1, 0x10), new byte[512]));
            bytes(disk.write(write10(2, 1, 0x08), new byte[512]));
            bytes(disk.write(write10(3, 1, 0x18 | 0x02), new byte[512]));
            byte[] read = read10(1, 1);
            read[1] = 0x18;
            bytes(disk.execute(read));
            assertEquals(List.of("write 512+512", "write 1024+512 durable", "write 1536+512 durable",
                    "read 512+512"), store.operations);
        }
    }

    @Test
    void readOnlyStoreRefusesWritesAsWriteProtected() throws IOException {
        try (Disk disk = Disk.onFile(dir, BLOCKS, 512, IoMode.READ_ONLY)) {
            assertCheckCondition(disk.write(write10(0, 1, 0), new byte[512]), 0x07, 0x27, 0x00);
            assertArrayEquals(expectedFileBytes(0, 1), Arrays.copyOf(disk.fileBytes(), 512));
            bytes(disk.execute(read10(0, 1)));
        }
    }

    @Test
    void shortDataOutWritesOnlyWhatArrived() throws IOException {
        try (Disk disk = Disk.onFile(dir, BLOCKS, 512, IoMode.WRITE_BACK)) {
            byte[] b = new byte[512];
            Arrays.fill(b, (byte) 'b');
            ScsiResult r = disk.write(write10(4, 2, 0), b);
            assertEquals(ScsiStatus.GOOD, r.status());
            assertEquals(1024, r.transferLength(), "the CDB's length, so the transport reports a 512-byte overflow");
            byte[] file = disk.fileBytes();
            assertArrayEquals(b, Arrays.copyOfRange(file, 4 * 512, 5 * 512));
            assertArrayEquals(expectedFileBytes(5, 1), Arrays.copyOfRange(file, 5 * 512, 6 * 512));

            ScsiResult partial = disk.write(write10(8, 1, 0), Arrays.copyOf(b, 200));
            assertEquals(ScsiStatus.GOOD, partial.status());
            assertEquals(512, partial.transferLength());
            file = disk.fileBytes();
            assertArrayEquals(Arrays.copyOf(b, 200), Arrays.copyOfRange(file, 8 * 512, 8 * 512 + 200));
            assertEquals(Disk.pattern(8 * 512 + 200), file[8 * 512 + 200]);

            ScsiResult none = disk.write(write10(9, 1, 0), new byte[0]);
            assertEquals(ScsiStatus.GOOD, none.status());
            assertEquals(512, none.transferLength());
            assertArrayEquals(expectedFileBytes(9, 1), Arrays.copyOfRange(disk.fileBytes(), 9 * 512, 10 * 512));
        }
    }

    @Test
    void dataOutBeyondTheTransferLengthIsNotWritten() throws IOException {
        try (Disk disk = Disk.onFile(dir, BLOCKS, 512, IoMode.WRITE_BACK)) {
            byte[] b = new byte[10000];
            Arrays.fill(b, (byte) 'b');
            ScsiResult r = disk.write(write10(0, 1, 0), b);
            assertEquals(512, r.transferLength(), "underflow of 10000 - 512 for the transport");
            byte[] file = disk.fileBytes();
            assertArrayEquals(Arrays.copyOf(b, 512), Arrays.copyOf(file, 512));
            assertArrayEquals(expectedFileBytes(1, 1), Arrays.copyOfRange(file, 512, 1024));
        }
    }

    @Test
    void readIntoASmallerBufferReportsTheFullTransferLength() throws IOException {
        try (Disk disk = Disk.onFile(dir, BLOCKS, 512, IoMode.WRITE_BACK)) {
            ScsiResult r = disk.execute(read10(0, 2), 200);
            assertArrayEquals(Arrays.copyOf(expectedFileBytes(0, 1), 200), bytes(r));
            assertEquals(1024, r.transferLength());
            ScsiResult none = disk.execute(read10(0, 1), 0);
            assertEquals(0, bytes(none).length);
            assertEquals(512, none.transferLength());
        }
    }

    @Test
    void transfersAboveTheBlockLimitsMaximumAreRefused() throws IOException {
        try (Disk disk = Disk.onStore(new MemoryStore(64 << 20), 512)) {
            int maximum = (8 << 20) / 512;
            assertEquals(maximum * 512, disk.execute(twelve(0xA8, 0, maximum), 0).transferLength());
            assertInvalidFieldInCdb(disk.execute(twelve(0xA8, 0, maximum + 1)), 6);
            assertInvalidFieldInCdb(disk.execute(sixteen(0x88, 0, maximum + 1)), 10);
        }
    }

    @Test
    void ioFailuresBecomeMediumErrorsNamingTheLba() throws IOException {
        MemoryStore store = new MemoryStore(BLOCKS * 512);
        store.failing = true;
        try (Disk disk = Disk.onStore(store, 512)) {
            byte[] read = assertCheckCondition(disk.execute(read10(0x42, 1)), 0x03, 0x11, 0x00);
            assertEquals(0xF0, read[0] & 0xFF, "VALID: INFORMATION holds the LBA");
            assertEquals(0x42, read[6]);
            byte[] write = assertCheckCondition(disk.write(write10(0x43, 1, 0), new byte[512]), 0x03, 0x0C, 0x00);
            assertEquals(0x43, write[6]);
        }
    }

    @Test
    void dataOutBufferIsNotConsumed() throws IOException {
        try (Disk disk = Disk.onFile(dir, BLOCKS, 512, IoMode.WRITE_BACK)) {
            ByteBuffer data = ByteBuffer.wrap(new byte[512]);
            disk.execute(write10(0, 1, 0), data, 0);
            assertEquals(512, data.remaining());
        }
    }
}
