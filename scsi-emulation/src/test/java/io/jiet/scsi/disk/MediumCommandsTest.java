package io.jiet.scsi.disk;

import static io.jiet.scsi.SenseAssertions.assertCheckCondition;
import static io.jiet.scsi.SenseAssertions.bytes;
import static io.jiet.scsi.SenseAssertions.cdb;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jiet.scsi.ScsiStatus;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * START STOP UNIT, PREVENT ALLOW MEDIUM REMOVAL, PRE-FETCH, READ DEFECT DATA, LOG SENSE and REPORT SUPPORTED
 * TASK MANAGEMENT FUNCTIONS.
 */
class MediumCommandsTest {

    private static Disk disk() throws IOException {
        return Disk.onStore(new MemoryStore(64 * 512), 512);
    }

    @Test
    void startStopUnitAcceptsPowerConditionsAndFlushesOnStop() throws IOException {
        MemoryStore store = new MemoryStore(64 * 512);
        try (Disk d = Disk.onStore(store, 512)) {
            assertEquals(ScsiStatus.GOOD, d.execute(cdb(0x1B, 1, 0, 0, 0x01, 0)).status());
            assertEquals(ScsiStatus.GOOD, d.execute(cdb(0x1B, 0, 0, 0, 0x00, 0)).status());
            assertEquals("flush", store.operations.getLast(), "a stop without NO_FLUSH flushes the cache");
            assertEquals(ScsiStatus.GOOD, d.execute(cdb(0x1B, 0, 0, 0, 0x30, 0)).status(), "STANDBY");
            assertEquals(ScsiStatus.GOOD, d.execute(Cdbs.testUnitReady()).status(), "still ready for others");
            assertCheckCondition(d.execute(cdb(0x1B, 0, 0, 0, 0x02, 0)), 0x05, 0x24, 0x00);
            assertCheckCondition(d.execute(cdb(0x1B, 0, 0, 0, 0x40, 0)), 0x05, 0x24, 0x00);
        }
    }

    @Test
    void preventAllowPrefetchAndDefects() throws IOException {
        try (Disk d = disk()) {
            assertEquals(ScsiStatus.GOOD, d.execute(cdb(0x1E, 0, 0, 0, 1, 0)).status());
            assertEquals(ScsiStatus.GOOD, d.execute(cdb(0x1E, 0, 0, 0, 0, 0)).status());
            assertCheckCondition(d.execute(cdb(0x1E, 0, 0, 0, 2, 0)), 0x05, 0x24, 0x00);
            assertEquals(ScsiStatus.GOOD, d.execute(cdb(0x34, 2, 0, 0, 0, 60, 3, 0, 4, 0)).status(), "not CONDITION MET");
            assertCheckCondition(d.execute(cdb(0x34, 0, 0, 0, 0, 62, 0, 0, 4, 0)), 0x05, 0x21, 0x00);
            assertEquals(ScsiStatus.GOOD, d.execute(cdb(0x90, 0, 0, 0, 0, 0, 0, 0, 0, 64, 0, 0, 0, 0, 0, 0)).status());
            assertArrayEquals(new byte[] {0, 0x1D, 0, 0}, bytes(d.execute(cdb(0x37, 0, 0x1D, 0, 0, 0, 0, 0, 32, 0))));
            assertArrayEquals(new byte[] {0, 0x0D, 0, 0, 0, 0, 0, 0},
                    bytes(d.execute(cdb(0xB7, 0x0D, 0, 0, 0, 0, 0, 0, 0, 32, 0, 0))));
        }
    }

    @Test
    void logSenseListsItsPages() throws IOException {
        try (Disk d = disk()) {
            assertArrayEquals(new byte[] {0, 0, 0, 2, 0x00, 0x2F}, bytes(d.execute(cdb(0x4D, 0, 0x40, 0, 0, 0, 0, 0,
                    255, 0))));
            assertArrayEquals(new byte[] {0x40, (byte) 0xFF, 0, 6, 0, 0, 0, (byte) 0xFF, 0x2F, 0},
                    bytes(d.execute(cdb(0x4D, 0, 0x40, 0xFF, 0, 0, 0, 0, 255, 0))));
            byte[] ie = bytes(d.execute(cdb(0x4D, 0, 0x6F, 0, 0, 0, 0, 0, 255, 0)));
            assertEquals(0x2F, ie[0]);
            assertEquals(8, ie[3]);
            assertCheckCondition(d.execute(cdb(0x4D, 0, 0x4D, 0, 0, 0, 0, 0, 255, 0)), 0x05, 0x24, 0x00);
            assertCheckCondition(d.execute(cdb(0x4D, 1, 0x40, 0, 0, 0, 0, 0, 255, 0)), 0x05, 0x24, 0x00);
        }
    }

    @Test
    void reportSupportedTaskManagementFunctions() throws IOException {
        try (Disk d = disk()) {
            assertArrayEquals(new byte[] {(byte) 0xDA, 0, 0, 0},
                    bytes(d.execute(cdb(0xA3, 0x0D, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0))));
            byte[] extended = bytes(d.execute(cdb(0xA3, 0x0D, 0x80, 0, 0, 0, 0, 0, 0, 16, 0, 0)));
            assertEquals(16, extended.length);
            assertEquals(12, extended[3]);
        }
    }
}
