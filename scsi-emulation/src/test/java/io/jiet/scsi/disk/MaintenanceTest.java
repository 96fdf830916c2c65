package io.jiet.scsi.disk;

import static io.jiet.scsi.SenseAssertions.assertCheckCondition;
import static io.jiet.scsi.SenseAssertions.bytes;
import static io.jiet.scsi.SenseAssertions.cdb;
import static io.jiet.scsi.SenseAssertions.unsigned;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jiet.scsi.ScsiResult;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaintenanceTest {

    @Test
    void testUnitReadyIsGood() throws IOException {
        try (Disk disk = Disk.onStore(new MemoryStore(8192), 512)) {
            ScsiResult r = disk.execute(cdb(0x00, 0, 0, 0, 0, 0));
            assertEquals(0, bytes(r).length);
            assertEquals(0, r.transferLength());
        }
    }

    @Test
    void requestSenseReportsNoSenseInEitherFormat() throws IOException {
        try (Disk disk = Disk.onStore(new MemoryStore(8192), 512)) {
            assertArrayEquals(new int[] {0x70, 0, 0, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
                    unsigned(bytes(disk.execute(cdb(0x03, 0, 0, 0, 252, 0)))));
            assertArrayEquals(new int[] {0x72, 0, 0, 0, 0, 0, 0, 0},
                    unsigned(bytes(disk.execute(cdb(0x03, 1, 0, 0, 252, 0)))));
            assertEquals(4, bytes(disk.execute(cdb(0x03, 0, 0, 0, 4, 0))).length);
        }
    }

    @Test
    void synchronizeCacheFlushesTheStore() throws IOException {
        MemoryStore store = new MemoryStore(16 * 512);
        try (Disk disk = Disk.onStore(store, 512)) {
            bytes(disk.execute(cdb(0x35, 0, 0, 0, 0, 0, 0, 0, 0, 0)));
            bytes(disk.execute(cdb(0x35, 0x02, 0, 0, 0, 8, 0, 0, 8, 0)));
            bytes(disk.execute(cdb(0x91, 0, 0, 0, 0, 0, 0, 0, 0, 15, 0, 0, 0, 1, 0, 0)));
            assertEquals(List.of("flush", "flush", "flush"), store.operations);
        }
    }

    @Test
    void synchronizeCacheOutsideTheMediumIsLbaOutOfRange() throws IOException {
        MemoryStore store = new MemoryStore(16 * 512);
        try (Disk disk = Disk.onStore(store, 512)) {
            assertCheckCondition(disk.execute(cdb(0x35, 0, 0, 0, 0, 15, 0, 0, 2, 0)), 0x05, 0x21, 0x00);
            assertCheckCondition(disk.execute(cdb(0x91, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                    0, 0, 0, 0, 0, 0)), 0x05, 0x21, 0x00);
            assertEquals(List.of(), store.operations);
        }
    }

    @Test
    void failedFlushIsAWriteError() throws IOException {
        MemoryStore store = new MemoryStore(16 * 512);
        store.failing = true;
        try (Disk disk = Disk.onStore(store, 512)) {
            assertCheckCondition(disk.execute(cdb(0x35, 0, 0, 0, 0, 0, 0, 0, 0, 0)), 0x03, 0x0C, 0x00);
        }
    }

    @Test
    void persistentReserveInReportsNoKeysAndNoReservation() throws IOException {
        try (Disk disk = Disk.onStore(new MemoryStore(8192), 512)) {
            assertArrayEquals(new byte[8], bytes(disk.execute(cdb(0x5E, 0x00, 0, 0, 0, 0, 0, 0x40, 0x00, 0))));
            assertArrayEquals(new byte[8], bytes(disk.execute(cdb(0x5E, 0x01, 0, 0, 0, 0, 0, 0x00, 0xFF, 0))));
            assertEquals(4, bytes(disk.execute(cdb(0x5E, 0x00, 0, 0, 0, 0, 0, 0, 4, 0))).length);
            assertCheckCondition(disk.execute(cdb(0x5E, 0x04, 0, 0, 0, 0, 0, 0, 0xFF, 0)), 0x05, 0x24, 0x00);
        }
    }

    @Test
    void unsupportedOperationCodes() throws IOException {
        try (Disk disk = Disk.onStore(new MemoryStore(8192), 512)) {
            // FORMAT UNIT, WRITE BUFFER, UNMAP (a fully provisioned disk), vendor specific.
            for (int opcode : new int[] {0x04, 0x3B, 0x42, 0x7F, 0xC0}) {
                byte[] c = new byte[16];
                c[0] = (byte) opcode;
                assertCheckCondition(disk.execute(c), 0x05, 0x20, 0x00);
            }
            // REPORT LUNS needs the whole target; a disk used alone does not answer it.
            assertCheckCondition(disk.execute(cdb(0xA0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0)), 0x05, 0x20, 0x00);
        }
    }
}
