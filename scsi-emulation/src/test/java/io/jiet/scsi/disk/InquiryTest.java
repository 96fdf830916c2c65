package io.jiet.scsi.disk;

import static io.jiet.scsi.SenseAssertions.assertCheckCondition;
import static io.jiet.scsi.SenseAssertions.assertInvalidFieldInCdb;
import static io.jiet.scsi.SenseAssertions.bytes;
import static io.jiet.scsi.SenseAssertions.cdb;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jiet.backstore.IoMode;
import io.jiet.scsi.ScsiResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InquiryTest {

    @TempDir
    Path dir;
    Disk disk;

    @BeforeEach
    void open() throws IOException {
        disk = Disk.onFile(dir, 64, 512, IoMode.WRITE_BACK);
    }

    @AfterEach
    void close() {
        disk.close();
    }

    @Test
    void standardDataClaimsSpc4WithIetIdentity() {
        byte[] d = bytes(disk.execute(cdb(0x12, 0, 0, 0x01, 0x04, 0)));
        assertEquals(96, d.length);
        assertEquals(0x00, d[0], "peripheral qualifier 0, direct-access block device");
        assertEquals(0x00, d[1], "not removable");
        assertEquals(0x06, d[2], "VERSION: SPC-4");
        assertEquals(0x12, d[3], "HISUP, response data format 2; no TRMTSK, no AERC");
        assertEquals(91, d[4], "ADDITIONAL LENGTH");
        assertEquals(0x08, d[5], "3PC (EXTENDED COPY); no PROTECT, no TPGS");
        assertEquals(0x02, d[7], "CMDQUE");
        assertEquals("IET     VIRTUAL-DISK    0   ", new String(d, 8, 28, StandardCharsets.US_ASCII));
        assertEquals("00a0046004c00960", HexFormat.of().formatHex(d, 58, 66), "SAM-5, SPC-4, SBC-3, iSCSI");
        assertArrayEquals(new byte[30], Arrays.copyOfRange(d, 66, 96));
    }

    @Test
    void allocationLengthCutsTheData() {
        for (int allocation : new int[] {0, 5, 36, 95, 96, 255, 511, 512}) {
            ScsiResult r = disk.execute(cdb(0x12, 0, 0, allocation >> 8, allocation & 0xFF, 0));
            byte[] d = bytes(r);
            assertEquals(Math.min(96, allocation), d.length, "allocation " + allocation);
            assertEquals(d.length, r.transferLength(), "no more than the allocation length is sent");
        }
    }

    @Test
    void pageCodeWithoutEvpdIsAnInvalidField() {
        assertInvalidFieldInCdb(disk.execute(cdb(0x12, 0, 0x80, 0, 0xFF, 0)), 2);
        assertInvalidFieldInCdb(disk.execute(cdb(0x12, 0, 1, 1, 0, 0)), 2);
    }

    @Test
    void unknownVpdPageIsAnInvalidField() {
        assertInvalidFieldInCdb(disk.execute(cdb(0x12, 1, 0xB3, 0, 0xFF, 0)), 2);
        assertInvalidFieldInCdb(disk.execute(cdb(0x12, 1, 0x87, 0, 0xFF, 0)), 2);
    }

    @Test
    void cmdDtIsRefused() {
        assertInvalidFieldInCdb(disk.execute(cdb(0x12, 0x02, 0, 0, 0xFF, 0)), 1);
    }

    @Test
    void supportedVpdPagesListsExactlyThePagesServedInOrder() {
        byte[] d = bytes(disk.execute(cdb(0x12, 1, 0x00, 0, 0xFF, 0)));
        assertEquals("00000007" + "00808386b0b1b2", HexFormat.of().formatHex(d));
        for (int i = 4; i < d.length; i++) {
            int page = d[i] & 0xFF;
            byte[] p = bytes(disk.execute(cdb(0x12, 1, page, 0, 0xFF, 0)));
            assertEquals(page, p[1] & 0xFF);
            assertEquals(p.length - 4, (p[2] & 0xFF) << 8 | p[3] & 0xFF, "page length of " + page);
        }
    }

    @Test
    void unitSerialNumberIsIetsDefaultForAConfiguredScsiId() {
        byte[] d = bytes(disk.execute(cdb(0x12, 1, 0x80, 0, 0xFF, 0)));
        assertEquals("00800020", HexFormat.of().formatHex(d, 0, 4));
        assertEquals("31343934353534303366313630633030", new String(d, 4, 32, StandardCharsets.US_ASCII));
    }

    @Test
    void deviceIdentificationIsIetsSingleT10Designator() {
        byte[] d = bytes(disk.execute(cdb(0x12, 1, 0x83, 0, 0xFF, 0)));
        assertEquals("0083001c" + "010100184945540000000000"
                        + HexFormat.of().formatHex("149455403f160c00".getBytes(StandardCharsets.US_ASCII)),
                HexFormat.of().formatHex(d));
    }

    @Test
    void blockLimitsReportsMaximumTransferAndNoUnmap() {
        byte[] d = bytes(disk.execute(cdb(0x12, 1, 0xB0, 0, 0xFF, 0)));
        assertEquals(64, d.length);
        assertEquals("00b0003c", HexFormat.of().formatHex(d, 0, 4));
        assertEquals((8 << 20) / 512, (d[8] & 0xFF) << 24 | (d[9] & 0xFF) << 16 | (d[10] & 0xFF) << 8
                | d[11] & 0xFF, "MAXIMUM TRANSFER LENGTH in blocks");
        assertArrayEquals(new byte[8], Arrays.copyOfRange(d, 20, 28), "no UNMAP limits");
    }

    @Test
    void blockDeviceCharacteristicsHasSbc3Length() {
        byte[] d = bytes(disk.execute(cdb(0x12, 1, 0xB1, 0, 0xFF, 0)));
        assertEquals(64, d.length);
        assertEquals("00b1003c", HexFormat.of().formatHex(d, 0, 4));
    }

    @Test
    void vpdPagesAreCutToTheAllocationLength() {
        ScsiResult r = disk.execute(cdb(0x12, 1, 0x83, 0, 10, 0));
        assertEquals("0083001c0101001849", HexFormat.of().formatHex(bytes(r), 0, 9));
        assertEquals(10, r.transferLength());
    }

    @Test
    void nacaIsNotSupported() {
        assertInvalidFieldInCdb(disk.execute(cdb(0x12, 0, 0, 0, 0xFF, 0x04)), 5);
    }

    @Test
    void shortCdbIsRefused() {
        assertCheckCondition(disk.execute(cdb(0x12, 0, 0)), 0x05, 0x24, 0x00);
    }
}
