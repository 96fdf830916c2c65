package io.jiet.scsi.disk;

import static io.jiet.scsi.SenseAssertions.assertCheckCondition;
import static io.jiet.scsi.SenseAssertions.assertInvalidFieldInCdb;
import static io.jiet.scsi.SenseAssertions.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jiet.backstore.IoMode;
import io.jiet.scsi.ScsiResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyTest {

    private static final int BLOCKS = 64;

    @TempDir
    Path dir;

    private static byte[] verify10(long lba, int blocks, int byteCheck) {
        byte[] c = ReadWriteTest.read10(lba, blocks);
        c[0] = 0x2F;
        c[1] = (byte) (byteCheck << 1);
        return c;
    }

    private static byte[] writeAndVerify10(long lba, int blocks, int flags) {
        byte[] c = ReadWriteTest.read10(lba, blocks);
        c[0] = 0x2E;
        c[1] = (byte) flags;
        return c;
    }

    private static byte[] medium(long lba, int blocks) {
        byte[] b = new byte[blocks * 512];
        for (int i = 0; i < b.length; i++) {
            b[i] = Disk.pattern(lba * 512 + i);
        }
        return b;
    }

    @Test
    void byteCheckComparesWithTheMedium() throws IOException {
        try (Disk disk = Disk.onFile(dir, BLOCKS, 512, IoMode.WRITE_BACK)) {
            ScsiResult equal = disk.write(verify10(3, 2, 0b01), medium(3, 2));
            bytes(equal);
            assertEquals(1024, equal.transferLength());

            byte[] changed = medium(3, 2);
            changed[700] ^= 'X';
            byte[] s = assertCheckCondition(disk.write(verify10(3, 2, 0b01), changed), 0x0E, 0x1D, 0x00);
            assertEquals(0xF0, s[0] & 0xFF, "VALID: INFORMATION is the offset of the first difference");
            assertEquals(700, (s[5] & 0xFF) << 8 | s[6] & 0xFF);
        }
    }

    @Test
    void withoutByteCheckDataIsNotCompared() throws IOException {
        try (Disk disk = Disk.onFile(dir, BLOCKS, 512, IoMode.WRITE_BACK)) {
            byte[] changed = medium(0, 1);
            changed[0] ^= 'X';
            ScsiResult r = disk.write(verify10(0, 1, 0b00), changed);
            bytes(r);
            assertEquals(0, r.transferLength(), "BYTCHK 00b transfers no data");
        }
    }

    @Test
    void byteCheckOneBlockComparesItWithEveryBlock() throws IOException {
        MemoryStore store = new MemoryStore(BLOCKS * 512);
        Arrays.fill(store.bytes, 512, 4 * 512, (byte) 0x33);
        try (Disk disk = Disk.onStore(store, 512)) {
            byte[] block = new byte[512];
            Arrays.fill(block, (byte) 0x33);
            ScsiResult r = disk.write(verify10(1, 3, 0b11), block);
            bytes(r);
            assertEquals(512, r.transferLength());
            store.bytes[3 * 512 + 5] = 0;
            byte[] s = assertCheckCondition(disk.write(verify10(1, 3, 0b11), block), 0x0E, 0x1D, 0x00);
            assertEquals(2 * 512 + 5, (s[5] & 0xFF) << 8 | s[6] & 0xFF);
        }
    }

    @Test
    void verifyChecksRangeProtectionAndReservedByteCheck() throws IOException {
        try (Disk disk = Disk.onFile(dir, BLOCKS, 512, IoMode.WRITE_BACK)) {
            assertCheckCondition(disk.execute(verify10(BLOCKS + 1, 0, 1)), 0x05, 0x21, 0x00);
            assertCheckCondition(disk.execute(verify10(0xFFFF_FFFFL, 0, 1)), 0x05, 0x21, 0x00);
            assertCheckCondition(disk.write(verify10(BLOCKS - 1, 2, 1), new byte[1024]), 0x05, 0x21, 0x00);
            byte[] protect = verify10(0, 1, 1);
            protect[1] |= (byte) 0x20;
            assertInvalidFieldInCdb(disk.write(protect, medium(0, 1)), 1);
            assertInvalidFieldInCdb(disk.write(verify10(0, 1, 0b10), medium(0, 1)), 1);
            byte[] dpo = verify10(0, 1, 1);
            dpo[1] |= 0x10;
            bytes(disk.write(dpo, medium(0, 1)));
        }
    }

    @Test
    void allVerifyFormsAgree() throws IOException {
        try (Disk disk = Disk.onFile(dir, BLOCKS, 512, IoMode.WRITE_BACK)) {
            byte[] v12 = ReadWriteTest.twelve(0xAF, 5, 1);
            v12[1] = 0x02;
            byte[] v16 = ReadWriteTest.sixteen(0x8F, 5, 1);
            v16[1] = 0x02;
            bytes(disk.write(v12, medium(5, 1)));
            bytes(disk.write(v16, medium(5, 1)));
            assertCheckCondition(disk.write(v16, medium(6, 1)), 0x0E, 0x1D, 0x00);
        }
    }

    @Test
    void writeAndVerifyWritesDurablyThenReadsBack() throws IOException {
        MemoryStore store = new MemoryStore(BLOCKS * 512);
        try (Disk disk = Disk.onStore(store, 512)) {
            byte[] data = new byte[1024];
            Arrays.fill(data, (byte) 0xA6);
            ScsiResult r = disk.write(writeAndVerify10(2, 2, 0x02), data);
            bytes(r);
            assertEquals(1024, r.transferLength());
            assertEquals(List.of("write 1024+1024 durable", "read 1024+1024"), store.operations);
            assertArrayEquals(data, Arrays.copyOfRange(store.bytes, 1024, 2048));

            byte[] w16 = ReadWriteTest.sixteen(0x8E, 0, 1);
            bytes(disk.write(w16, new byte[512]));
            bytes(disk.write(ReadWriteTest.twelve(0xAE, 0, 1), new byte[512]));
        }
    }

    @Test
    void writeAndVerifyHonoursWriteProtectionAndShortData() throws IOException {
        try (Disk ro = Disk.onFile(dir, BLOCKS, 512, IoMode.READ_ONLY)) {
            assertCheckCondition(ro.write(writeAndVerify10(0, 1, 0x02), new byte[512]), 0x07, 0x27, 0x00);
        }
        try (Disk disk = Disk.onFile(dir, BLOCKS, 512, IoMode.WRITE_BACK)) {
            assertInvalidFieldInCdb(disk.write(writeAndVerify10(0, 1, 0x04), new byte[512]), 1);
            assertInvalidFieldInCdb(disk.write(writeAndVerify10(0, 1, 0x40), new byte[512]), 1);
            byte[] some = new byte[200];
            Arrays.fill(some, (byte) 'b');
            ScsiResult r = disk.write(writeAndVerify10(0, 1, 0x02), some);
            bytes(r);
            assertEquals(512, r.transferLength());
            byte[] file = disk.fileBytes();
            assertArrayEquals(some, Arrays.copyOf(file, 200));
            assertEquals(Disk.pattern(200), file[200]);
        }
    }
}
