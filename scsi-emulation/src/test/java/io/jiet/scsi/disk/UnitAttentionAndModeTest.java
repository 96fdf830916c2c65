package io.jiet.scsi.disk;

import static io.jiet.scsi.SenseAssertions.assertCheckCondition;
import static io.jiet.scsi.SenseAssertions.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiet.backstore.FileIoStore;
import io.jiet.backstore.IoMode;
import io.jiet.scsi.ScsiResult;
import io.jiet.scsi.ScsiStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unit attentions per I_T nexus, descriptor-format sense (D_SENSE), the switchable write cache (WCE), TAS, the
 * MODE PARAMETERS CHANGED condition, resets restoring defaults, and CAPACITY DATA HAS CHANGED.
 */
class UnitAttentionAndModeTest {

    private static final String CONTROL = "0a0a" + "0210" + "00" + "000000" + "ffff" + "0000";

    @TempDir
    Path dir;

    private static byte[] selectList(String page) {
        return HexFormat.of().parseHex("00000000" + page);
    }

    private static void good(ScsiResult r) {
        assertEquals(ScsiStatus.GOOD, r.status(), () -> HexFormat.of().formatHex(r.senseData()));
    }

    @Test
    void aNewNexusStartsWithoutAConditionAndInquiryNeverReportsOne() throws IOException {
        try (Disk d = Disk.onFile(dir, 64, 512, IoMode.WRITE_BACK)) {
            good(d.execute(Disk.NEXUS, Cdbs.testUnitReady()));
            good(d.execute(Disk.OTHER, new byte[] {0x12, 0, 0, 0, 96, 0}));
            d.unit.hardReset(Disk.NEXUS, true);
            good(d.execute(Disk.OTHER, new byte[] {0x12, 0, 0, 0, 96, 0}));
            assertCheckCondition(d.execute(Disk.OTHER, Cdbs.read16(0, 1)), 0x06, 0x29, 0x01);
            good(d.execute(Disk.OTHER, Cdbs.read16(0, 1)));
            byte[] sense = bytes(d.execute(Disk.NEXUS, Cdbs.requestSense(false)));
            assertEquals("06/29/01", String.format("%02X/%02X/%02X", sense[2] & 0x0F, sense[12], sense[13]),
                    "REQUEST SENSE returns the condition and clears it");
            good(d.execute(Disk.NEXUS, Cdbs.testUnitReady()));
            d.unit.hardReset(Disk.NEXUS, false);
            assertCheckCondition(d.execute(Disk.NEXUS, Cdbs.testUnitReady()), 0x06, 0x29, 0x00);
            d.unit.itNexusLost(Disk.OTHER);
            good(d.execute(Disk.OTHER, Cdbs.testUnitReady()));
        }
    }

    @Test
    void descriptorSenseFollowsDSense() throws IOException {
        try (Disk d = Disk.onFile(dir, 64, 512, IoMode.WRITE_BACK)) {
            byte[] on = selectList("0a0a" + "0610" + "00" + "000000" + "ffff" + "0000");
            good(d.write(Cdbs.modeSelect6(on.length), on));
            assertTrue(d.unit.descriptorFormatSense());
            ScsiResult r = d.execute(Cdbs.read16(1000, 1));
            assertEquals(0x72, r.senseData()[0], "descriptor format");
            assertEquals(0x05, r.senseData()[1]);
            assertEquals(0x21, r.senseData()[2]);
            byte[] off = selectList(CONTROL);
            good(d.write(Cdbs.modeSelect6(off.length), off));
            assertEquals(0x70, d.execute(Cdbs.read16(1000, 1)).senseData()[0]);
        }
    }

    @Test
    void modeSelectChangesAreSharedAndTheOtherNexusIsTold() throws IOException {
        try (Disk d = Disk.onFile(dir, 64, 512, IoMode.WRITE_BACK)) {
            good(d.execute(Disk.OTHER, Cdbs.testUnitReady()));
            byte[] tas = selectList("0a0a" + "0210" + "00" + "400000" + "ffff" + "0000");
            good(d.write(Cdbs.modeSelect6(tas.length), tas));
            assertTrue(d.unit.taskAbortedStatus());
            assertCheckCondition(d.execute(Disk.OTHER, Cdbs.testUnitReady()), 0x06, 0x2A, 0x01);
            good(d.execute(Disk.NEXUS, Cdbs.testUnitReady()));
            good(d.write(Cdbs.modeSelect6(tas.length), tas));
            good(d.execute(Disk.OTHER, Cdbs.testUnitReady()));
        }
    }

    @Test
    void wceSwitchesTheStoreBetweenWriteBackAndWriteThrough() throws IOException {
        try (Disk d = Disk.onFile(dir, 64, 512, IoMode.WRITE_BACK)) {
            FileIoStore store = (FileIoStore) d.store;
            byte[] writeThrough = selectList("0812" + "00".repeat(18));
            good(d.write(Cdbs.modeSelect6(writeThrough.length), writeThrough));
            assertFalse(store.writeCacheEnabled());
            assertEquals(0, bytes(d.execute(Cdbs.modeSense6(0x08)))[6] & 0x04, "WCE 0");
            d.unit.logicalUnitReset(Disk.NEXUS);
            assertTrue(store.writeCacheEnabled(), "a reset restores the configured write-back mode");
        }
        try (Disk ro = Disk.onFile(dir, 64, 512, IoMode.READ_ONLY)) {
            byte[] writeBack = selectList("0812" + "04" + "00".repeat(17));
            byte[] s = assertCheckCondition(ro.write(Cdbs.modeSelect6(writeBack.length), writeBack),
                    0x05, 0x26, 0x00);
            assertEquals(6, s[17], "WCE is not changeable without a cache to switch");
        }
    }

    @Test
    void resetsRestoreSwpAndDSense() throws IOException {
        try (Disk d = Disk.onFile(dir, 64, 512, IoMode.WRITE_BACK)) {
            byte[] swp = selectList("0a0a" + "0610" + "08" + "400000" + "ffff" + "0000");
            good(d.write(Cdbs.modeSelect6(swp.length), swp));
            byte[] sense = d.write(Cdbs.write16(0, 1), new byte[512]).senseData();
            assertEquals("72/07/27/02", String.format("%02X/%02X/%02X/%02X", sense[0], sense[1], sense[2], sense[3]),
                    "SOFTWARE WRITE PROTECTED, in descriptor format");
            d.unit.logicalUnitReset(Disk.OTHER);
            assertCheckCondition(d.execute(Cdbs.testUnitReady()), 0x06, 0x29, 0x03);
            good(d.write(Cdbs.write16(0, 1), new byte[512]));
            assertFalse(d.unit.descriptorFormatSense());
            assertFalse(d.unit.taskAbortedStatus());
        }
    }

    @Test
    void capacityChangesAreReported() throws IOException {
        MemoryStore small = new MemoryStore(64 * 512);
        try (Disk d = Disk.onStore(small, 512)) {
            good(d.execute(Cdbs.testUnitReady()));
            assertFalse(d.unit.refreshCapacity());
        }
        Path file = dir.resolve("grow.img");
        java.nio.file.Files.write(file, new byte[64 * 512]);
        try (FileIoStore store = FileIoStore.open(file, IoMode.WRITE_BACK)) {
            DiskLogicalUnit unit = new DiskLogicalUnit(store, 512, Disk.IDENTITY);
            good(unit.execute(new io.jiet.scsi.ScsiRequest(Disk.NEXUS, 0L, Cdbs.testUnitReady(),
                    ByteBuffer.allocate(0), 0)));
            store.write(128 * 512 - 1, ByteBuffer.wrap(new byte[1]), false);
            assertTrue(unit.refreshCapacity());
            assertEquals(128, unit.blockCount());
            byte[] sense = unit.execute(new io.jiet.scsi.ScsiRequest(Disk.NEXUS, 0L, Cdbs.testUnitReady(),
                    ByteBuffer.allocate(0), 0)).senseData();
            assertEquals("06/2A/09", String.format("%02X/%02X/%02X", sense[2] & 0x0F, sense[12], sense[13]));
        }
    }
}
