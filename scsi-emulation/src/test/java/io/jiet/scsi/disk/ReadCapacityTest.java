package io.jiet.scsi.disk;

import static io.jiet.scsi.SenseAssertions.assertInvalidFieldInCdb;
import static io.jiet.scsi.SenseAssertions.bytes;
import static io.jiet.scsi.SenseAssertions.cdb;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jiet.backstore.IoMode;
import io.jiet.backstore.NullIoStore;
import io.jiet.scsi.ScsiResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadCapacityTest {

    @TempDir
    Path dir;

    @Test
    void readCapacity10ReportsLastLbaAndBlockLength() throws IOException {
        try (Disk disk = Disk.onFile(dir, 100, 512, IoMode.WRITE_BACK)) {
            byte[] d = bytes(disk.execute(cdb(0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0)));
            assertEquals("0000006300000200", HexFormat.of().formatHex(d));
            assertEquals(100, disk.unit.blockCount());
        }
    }

    @Test
    void partialLastBlockIsNotUsed() throws IOException {
        try (Disk disk = Disk.onStore(new NullIoStore(4096 * 10 + 100), 4096)) {
            byte[] d = bytes(disk.execute(cdb(0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0)));
            assertEquals("0000000900001000", HexFormat.of().formatHex(d));
        }
    }

    @Test
    void readCapacity10SaturatesAboveTwoTerabytes() throws IOException {
        try (Disk disk = Disk.onStore(new NullIoStore(512L << 32), 512)) {
            byte[] d10 = bytes(disk.execute(cdb(0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0)));
            assertEquals("ffffffff00000200", HexFormat.of().formatHex(d10));
            byte[] d16 = bytes(disk.execute(cdb(0x9E, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 32, 0, 0)));
            assertEquals("00000000ffffffff00000200", HexFormat.of().formatHex(d16, 0, 12));
        }
    }

    @Test
    void readCapacity10RefusesAnLbaWithoutPmi() throws IOException {
        try (Disk disk = Disk.onFile(dir, 8, 512, IoMode.WRITE_BACK)) {
            assertInvalidFieldInCdb(disk.execute(cdb(0x25, 0, 0, 0, 0, 1, 0, 0, 0, 0)), 2);
            bytes(disk.execute(cdb(0x25, 0, 0, 0, 0, 1, 0, 0, 1, 0)));
        }
    }

    @Test
    void readCapacity16ReportsNoProtectionNoProvisioning() throws IOException {
        try (Disk disk = Disk.onFile(dir, 100, 4096, IoMode.WRITE_BACK)) {
            ScsiResult r = disk.execute(cdb(0x9E, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 96, 0, 0));
            byte[] d = bytes(r);
            assertEquals(32, d.length);
            assertEquals(32, r.transferLength());
            assertEquals("000000000000006300001000", HexFormat.of().formatHex(d, 0, 12));
            assertEquals(20, Arrays.stream(toInts(d)).skip(12).filter(b -> b == 0).count(),
                    "PROT_EN, P_TYPE, LBPPBE, LBPME, LBPRZ all 0");
        }
    }

    @Test
    void readCapacity16AllocationLengthsBelowSixteenAreNotErrors() throws IOException {
        try (Disk disk = Disk.onFile(dir, 100, 512, IoMode.WRITE_BACK)) {
            for (int allocation = 0; allocation < 16; allocation++) {
                ScsiResult r = disk.execute(cdb(0x9E, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, allocation, 0, 0));
                assertEquals(allocation, bytes(r).length);
            }
        }
    }

    @Test
    void otherServiceActionsOfServiceActionInAreInvalidAtByteOne() throws IOException {
        try (Disk disk = Disk.onFile(dir, 8, 512, IoMode.WRITE_BACK)) {
            assertInvalidFieldInCdb(disk.execute(cdb(0x9E, 0x13, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 32, 0, 0)), 1);
        }
    }

    private static int[] toInts(byte[] b) {
        int[] out = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i];
        }
        return out;
    }
}
