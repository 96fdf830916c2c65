package io.jiet.scsi.disk;

import static io.jiet.scsi.SenseAssertions.assertCheckCondition;
import static io.jiet.scsi.SenseAssertions.assertInvalidFieldInCdb;
import static io.jiet.scsi.SenseAssertions.bytes;
import static io.jiet.scsi.SenseAssertions.cdb;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jiet.backstore.IoMode;
import io.jiet.scsi.ScsiResult;
import io.jiet.scsi.ScsiStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModeParametersTest {

    private static final String CACHING_WB = "0812" + "04" + "00".repeat(17);
    private static final String CACHING_WT = "0812" + "00".repeat(18);
    private static final String CONTROL = "0a0a" + "0210" + "00" + "000000" + "ffff" + "0000";
    private static final String CONTROL_SWP = "0a0a" + "0210" + "08" + "000000" + "ffff" + "0000";
    private static final String IEC = "1c0a" + "08" + "00".repeat(9);

    @TempDir
    Path dir;

    private static String hex(ScsiResult r) {
        return HexFormat.of().formatHex(bytes(r));
    }

    private static byte[] modeSense6(int dbd, int pageControl, int page, int allocation) {
        return cdb(0x1A, dbd << 3, pageControl << 6 | page, 0, allocation, 0);
    }

    private static byte[] modeSelect6(byte[] list) {
        return cdb(0x15, 0x10, 0, 0, list.length, 0);
    }

    @Test
    void allPagesWithBlockDescriptor() throws IOException {
        try (Disk disk = Disk.onFile(dir, 100, 512, IoMode.WRITE_BACK)) {
            String header = "37" + "00" + "10" + "08";
            String descriptor = "00000064" + "00000200";
            assertEquals(header + descriptor + CACHING_WB + CONTROL + IEC,
                    hex(disk.execute(modeSense6(0, 0, 0x3F, 255))));
        }
    }

    @Test
    void writeThroughHasNoWriteCacheAndReadOnlyIsWriteProtected() throws IOException {
        try (Disk wt = Disk.onFile(dir, 100, 512, IoMode.WRITE_THROUGH)) {
            assertEquals("17001000" + CACHING_WT, hex(wt.execute(modeSense6(1, 0, 0x08, 255))));
        }
        try (Disk ro = Disk.onFile(dir, 100, 512, IoMode.READ_ONLY)) {
            assertEquals("0f009000" + CONTROL, hex(ro.execute(modeSense6(1, 0, 0x0A, 255))));
        }
    }

    @Test
    void changeableValuesAreWceDSenseSwpAndTas() throws IOException {
        try (Disk disk = Disk.onFile(dir, 100, 512, IoMode.WRITE_BACK)) {
            assertEquals("2f001000" + "0812" + "04" + "00".repeat(17) + "0a0a" + "0400" + "08" + "40"
                    + "00".repeat(6) + "1c0a" + "00".repeat(10), hex(disk.execute(modeSense6(1, 1, 0x3F, 255))));
        }
        try (Disk ro = Disk.onFile(dir, 100, 512, IoMode.READ_ONLY)) {
            assertEquals("0812" + "00".repeat(18), hex(ro.execute(modeSense6(1, 1, 0x08, 255))).substring(8),
                    "a read-only store has no write cache to switch");
        }
    }

    @Test
    void defaultValuesHaveSwpClear() throws IOException {
        try (Disk disk = Disk.onFile(dir, 100, 512, IoMode.WRITE_BACK)) {
            setSwp(disk, true);
            assertEquals("0f009000" + CONTROL, hex(disk.execute(modeSense6(1, 2, 0x0A, 255))),
                    "WP is the current state");
            assertEquals("0f009000" + CONTROL_SWP, hex(disk.execute(modeSense6(1, 0, 0x0A, 255))));
        }
    }

    @Test
    void savedValuesAreNotSupported() throws IOException {
        try (Disk disk = Disk.onFile(dir, 100, 512, IoMode.WRITE_BACK)) {
            byte[] s = assertCheckCondition(disk.execute(modeSense6(0, 3, 0x3F, 255)), 0x05, 0x39, 0x00);
            assertEquals(0xCF, s[15] & 0xFF, "points at the PC field, byte 2 bit 7");
            assertCheckCondition(disk.execute(cdb(0x5A, 0, 0xC8, 0, 0, 0, 0, 0, 0xFF, 0)), 0x05, 0x39, 0x00);
        }
    }

    @Test
    void unknownPagesAndSubpagesAreInvalidFields() throws IOException {
        try (Disk disk = Disk.onFile(dir, 100, 512, IoMode.WRITE_BACK)) {
            assertInvalidFieldInCdb(disk.execute(modeSense6(0, 0, 0x19, 255)), 2);
            assertInvalidFieldInCdb(disk.execute(modeSense6(0, 0, 0x00, 255)), 2);
            assertInvalidFieldInCdb(disk.execute(cdb(0x1A, 0, 0x0A, 0x01, 255, 0)), 3);
            assertEquals("0f001000" + CONTROL, hex(disk.execute(cdb(0x1A, 0x08, 0x0A, 0xFF, 255, 0))));
        }
    }

    @Test
    void allocationLengthCutsButModeDataLengthTellsTheFullSize() throws IOException {
        try (Disk disk = Disk.onFile(dir, 100, 512, IoMode.WRITE_BACK)) {
            ScsiResult r = disk.execute(modeSense6(0, 0, 0x3F, 4));
            assertEquals("37001008", hex(r));
            assertEquals(4, r.transferLength(), "nothing past the allocation length, so no overflow residual");
        }
    }

    @Test
    void modeSense10WithLongLbaDescriptor() throws IOException {
        try (Disk disk = Disk.onFile(dir, 100, 512, IoMode.WRITE_BACK)) {
            assertEquals("0022" + "00" + "10" + "01" + "00" + "0010" + "0000000000000064" + "00000000" + "00000200"
                    + CONTROL, hex(disk.execute(cdb(0x5A, 0x10, 0x0A, 0, 0, 0, 0, 0, 0xFF, 0))));
            assertEquals("001a" + "00" + "10" + "00" + "00" + "0008" + "00000064" + "00000200" + CONTROL,
                    hex(disk.execute(cdb(0x5A, 0, 0x0A, 0, 0, 0, 0, 0, 0xFF, 0))));
        }
    }

    @Test
    void swpSetByModeSelectProtectsWritesUntilCleared() throws IOException {
        try (Disk disk = Disk.onFile(dir, 100, 512, IoMode.WRITE_BACK)) {
            setSwp(disk, true);
            assertEquals("0f009000" + CONTROL_SWP, hex(disk.execute(modeSense6(1, 0, 0x0A, 255))));
            assertCheckCondition(disk.write(ReadWriteTest.write10(0, 1, 0), new byte[512]), 0x07, 0x27, 0x02);
            bytes(disk.execute(ReadWriteTest.read10(0, 1)));
            assertEquals(Disk.pattern(0), disk.fileBytes()[0]);

            setSwp(disk, false);
            bytes(disk.write(ReadWriteTest.write10(0, 1, 0), new byte[512]));
            assertEquals(0, disk.fileBytes()[0]);
        }
    }

    @Test
    void modeSelect10WithABlockDescriptor() throws IOException {
        try (Disk disk = Disk.onFile(dir, 100, 512, IoMode.WRITE_BACK)) {
            byte[] list = HexFormat.of().parseHex("00000000" + "00000008" + "00000000" + "00000200" + CONTROL_SWP);
            ScsiResult r = disk.execute(cdb(0x55, 0x10, 0, 0, 0, 0, 0, 0, list.length, 0), ByteBuffer.wrap(list), 0);
            assertEquals(ScsiStatus.GOOD, r.status());
            assertEquals(list.length, r.transferLength());
            assertEquals("0f009000" + CONTROL_SWP, hex(disk.execute(modeSense6(1, 0, 0x0A, 255))));

            byte[] wrongBlockLength = HexFormat.of().parseHex("00000000" + "00000008" + "00000064" + "00000400");
            assertParameterListField(disk.execute(cdb(0x55, 0x10, 0, 0, 0, 0, 0, 0, 16, 0),
                    ByteBuffer.wrap(wrongBlockLength), 0), 13);
        }
    }

    @Test
    void modeSelectRefusesNonChangeableBitsAndTouchesNothing() throws IOException {
        try (Disk disk = Disk.onFile(dir, 100, 512, IoMode.WRITE_BACK)) {
            // SWP on in the control page, but RLEC (byte 2 bit 0) also changed in the same list.
            byte[] list = HexFormat.of().parseHex("00000000" + "0a0a" + "0310" + "08" + "000000" + "ffff" + "0000");
            assertParameterListField(disk.execute(modeSelect6(list), ByteBuffer.wrap(list), 0), 6);
            assertEquals("0f001000" + CONTROL, hex(disk.execute(modeSense6(1, 0, 0x0A, 255))));

            // RCD (byte 2 bit 0) cannot change, WCE can: the whole list is refused.
            byte[] rcd = HexFormat.of().parseHex("00000000" + "0812" + "01" + "00".repeat(17));
            assertParameterListField(disk.execute(modeSelect6(rcd), ByteBuffer.wrap(rcd), 0), 6);
            assertEquals("17001000" + CACHING_WB, hex(disk.execute(modeSense6(1, 0, 0x08, 255))));
        }
    }

    @Test
    void modeSelectChecksCdbAndListShape() throws IOException {
        try (Disk disk = Disk.onFile(dir, 100, 512, IoMode.WRITE_BACK)) {
            byte[] list = HexFormat.of().parseHex("00000000" + CONTROL);
            assertInvalidFieldInCdb(disk.execute(cdb(0x15, 0x00, 0, 0, list.length, 0), ByteBuffer.wrap(list), 0), 1);
            byte[] saved = assertCheckCondition(disk.execute(cdb(0x15, 0x11, 0, 0, list.length, 0),
                    ByteBuffer.wrap(list), 0), 0x05, 0x39, 0x00);
            assertEquals(1, saved[17], "SP is what cannot be honoured");
            assertCheckCondition(disk.execute(modeSelect6(list), ByteBuffer.wrap(list, 0, 10), 0), 0x05, 0x1A, 0x00);
            byte[] truncated = Arrays.copyOf(list, 10);
            assertCheckCondition(disk.execute(modeSelect6(truncated), ByteBuffer.wrap(truncated), 0),
                    0x05, 0x1A, 0x00);
            byte[] wrongLength = HexFormat.of().parseHex("00000000" + "0a09" + CONTROL.substring(4, 22));
            assertParameterListField(disk.execute(modeSelect6(wrongLength), ByteBuffer.wrap(wrongLength), 0), 5);
            byte[] unknownPage = HexFormat.of().parseHex("00000000" + "190a" + "00".repeat(10));
            assertParameterListField(disk.execute(modeSelect6(unknownPage), ByteBuffer.wrap(unknownPage), 0), 4);
            bytes(disk.execute(cdb(0x15, 0x10, 0, 0, 0, 0)));
        }
    }

    private static void setSwp(Disk disk, boolean on) {
        byte[] list = HexFormat.of().parseHex("00000000" + (on ? CONTROL_SWP : CONTROL));
        assertEquals(ScsiStatus.GOOD, disk.execute(modeSelect6(list), ByteBuffer.wrap(list), 0).status());
    }

    private static void assertParameterListField(ScsiResult r, int byteIndex) {
        byte[] s = assertCheckCondition(r, 0x05, 0x26, 0x00);
        assertEquals(0x80, s[15] & 0xC0, "SKSV set, C/D clear: a parameter list byte");
        assertEquals(byteIndex, (s[16] & 0xFF) << 8 | s[17] & 0xFF, "field pointer");
    }
}
