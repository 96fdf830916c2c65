package io.jiet.scsi.disk;

import static io.jiet.scsi.SenseAssertions.assertCheckCondition;
import static io.jiet.scsi.SenseAssertions.bytes;
import static io.jiet.scsi.SenseAssertions.cdb;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiet.alua.AluaMode;
import io.jiet.alua.AluaState;
import io.jiet.alua.ChangeCause;
import io.jiet.alua.TargetPortGroups;
import io.jiet.alua.rdac.RdacArray;
import io.jiet.alua.rdac.RdacOwnership;
import io.jiet.alua.rdac.RdacPersonality;
import io.jiet.scsi.AsymmetricAccess;
import io.jiet.scsi.ItNexus;
import io.jiet.scsi.LogicalUnit;
import io.jiet.scsi.LogicalUnitIdentity;
import io.jiet.scsi.LogicalUnitNumber;
import io.jiet.scsi.ScsiRequest;
import io.jiet.scsi.ScsiResult;
import io.jiet.scsi.ScsiStatus;
import io.jiet.scsi.ScsiTargetDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ALUA and the RDAC personality through a {@link ScsiTargetDevice}: LUN 0 an ALUA unit, LUN 1 an {@code Rdac=yes}
 * unit; target port group 1 (relative port 1) active/optimized and preferred, group 2 (port 2) standby. Every
 * command is the CDB bytes a host sends.
 */
class AsymmetricAccessTest {

    private static final String TARGET = "iqn.2026-11.io.jiet:array";
    private static final ItNexus PORT_1 = new ItNexus("iqn.h:1,i,0x1", TARGET + ",t,0x1", 1, 1);
    private static final ItNexus PORT_2 = new ItNexus("iqn.h:1,i,0x1", TARGET + ",t,0x2", 2, 2);
    private static final byte[] READ_10 = cdb(0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0);
    private static final byte[] TEST_UNIT_READY = cdb(0, 0, 0, 0, 0, 0);

    private TargetPortGroups groups;
    private ScsiTargetDevice device;

    @BeforeEach
    void setUp() throws IOException {
        groups = TargetPortGroups.builder().mode(AluaMode.BOTH)
                .group(1, AluaState.ACTIVE_OPTIMIZED, true, List.of(1))
                .group(2, AluaState.STANDBY, false, List.of(2)).build();
        LogicalUnit alua = new DiskLogicalUnit(new MemoryStore(1 << 20), 512,
                LogicalUnitIdentity.iet(TARGET, 0, "array0001", null));
        LogicalUnit rdac = new DiskLogicalUnit(new MemoryStore(1 << 20), 512,
                LogicalUnitIdentity.iet(TARGET, 1, "array0002", null),
                DiskLogicalUnit.Options.defaults().withRdac(true));
        device = new ScsiTargetDevice(Map.of(0, alua, 1, rdac));
        device.asymmetricAccess(new AsymmetricAccess(TARGET, 2, Optional.of(groups), Optional.of(
                new RdacPersonality(RdacArray.forTarget(TARGET, 255), groups,
                        new RdacOwnership(1, Set.of(1, 2), false)))));
    }

    @AfterEach
    void tearDown() {
        for (int lun : device.lunNumbers()) {
            device.removeLogicalUnit(lun).ifPresent(LogicalUnit::close);
        }
    }

    private ScsiResult send(ItNexus nexus, int lun, byte[] cdb) {
        return device.execute(new ScsiRequest(nexus, LogicalUnitNumber.encode(lun), cdb, ByteBuffer.allocate(0),
                1 << 16));
    }

    private ScsiResult send(ItNexus nexus, int lun, byte[] cdb, byte[] dataOut) {
        return device.execute(new ScsiRequest(nexus, LogicalUnitNumber.encode(lun), cdb, ByteBuffer.wrap(dataOut),
                0));
    }

    private static void assertGood(ScsiResult result) {
        assertEquals(ScsiStatus.GOOD, result.status(), result::toString);
    }

    @Test
    void inquiryAnnouncesTpgsForAluaUnitsOnlyAndMultiPort() {
        byte[] alua = bytes(send(PORT_2, 0, cdb(0x12, 0, 0, 0, 96, 0)));
        assertEquals(0x30, alua[5] & 0x30);
        assertEquals(0x10, alua[6] & 0x10);
        byte[] rdac = bytes(send(PORT_2, 1, cdb(0x12, 0, 0, 0, 96, 0)));
        assertEquals(0, rdac[5] & 0x30, "Rdac=yes: TPGS 0, or Linux attaches scsi_dh_alua");
        assertEquals(0x10, rdac[6] & 0x10);
    }

    @Test
    void deviceIdentificationAppendsTheReceivingPort() {
        byte[] page = bytes(send(PORT_2, 0, cdb(0x12, 1, 0x83, 1, 0, 0)));
        // IET's T10 designator (4 + 24 bytes) first, unchanged.
        assertEquals(0x01, page[5] & 0x0F);
        assertEquals(24, page[7]);
        int at = 4 + 28;
        assertArrayEquals(new byte[] {0x51, (byte) 0x94, 0, 4, 0, 0, 0, 2}, java.util.Arrays.copyOfRange(page,
                at, at + 8), "relative target port 2, iSCSI, PIV, target port association");
        assertArrayEquals(new byte[] {0x51, (byte) 0x95, 0, 4, 0, 0, 0, 2}, java.util.Arrays.copyOfRange(page,
                at + 8, at + 16), "target port group 2");
        assertEquals((byte) 0x98, page[at + 17], "SCSI name string");
        String name = new String(page, at + 20, page[at + 19], StandardCharsets.UTF_8);
        assertTrue(name.startsWith(TARGET + ",t,0x0002\0"), name);
    }

    @Test
    void standbyRefusesMediaAccessAndTestUnitReadyButServesInquiryAndRtpg() {
        assertCheckCondition(send(PORT_2, 0, READ_10), 0x2, 0x04, 0x0B);
        assertCheckCondition(send(PORT_2, 0, TEST_UNIT_READY), 0x2, 0x04, 0x0B);
        assertGood(send(PORT_2, 0, cdb(0x12, 0, 0, 0, 96, 0)));
        assertGood(send(PORT_2, 0, cdb(0xA3, 0x0A, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0)));
        assertGood(send(PORT_1, 0, READ_10));
    }

    @Test
    void reportTargetPortGroupsInBothFormats() {
        byte[] data = bytes(send(PORT_1, 0, cdb(0xA3, 0x0A, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0)));
        assertEquals(4 + 2 * 12 - 4, data[3]);
        assertEquals(0x80, data[4] & 0xFF, "PREF, active/optimized");
        assertEquals(1, data[7]);
        assertEquals(1, data[11], "one port");
        assertEquals(1, data[15], "relative port 1");
        assertEquals(0x02, data[16], "standby");
        assertEquals(2, data[19]);
        byte[] extended = bytes(send(PORT_1, 0, cdb(0xA3, 0x2A, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0)));
        assertEquals(0x10, extended[4]);
        assertEquals(0x80, extended[8] & 0xFF);
        ScsiResult truncated = send(PORT_1, 0, cdb(0xA3, 0x0A, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0));
        assertEquals(8, bytes(truncated).length);
    }

    @Test
    void setTargetPortGroupsSwapsTheGroupsAndTellsTheOtherNexuses() {
        assertCheckCondition(send(PORT_2, 0, READ_10), 0x2, 0x04, 0x0B); // PORT_2 is now a known nexus
        byte[] list = {0, 0, 0, 0, 0x00, 0, 0, 2, 0x03, 0, 0, 1};
        assertGood(send(PORT_1, 0, cdb(0xA4, 0x0A, 0, 0, 0, 0, 0, 0, 0, 12, 0, 0), list));
        assertCheckCondition(send(PORT_1, 0, READ_10), 0x2, 0x04, 0x0C);
        assertCheckCondition(send(PORT_2, 0, READ_10), 0x6, 0x2A, 0x06);
        assertGood(send(PORT_2, 0, READ_10));
        byte[] data = bytes(send(PORT_2, 0, cdb(0xA3, 0x0A, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0)));
        assertEquals(0x83, data[4] & 0xFF, "group 1: PREF, unavailable");
        assertEquals(0x01, data[9], "status: altered by SET TARGET PORT GROUPS");
    }

    @Test
    void setTargetPortGroupsRefusesOfflineWithAFieldPointer() {
        byte[] list = {0, 0, 0, 0, 0x0E, 0, 0, 1};
        byte[] sense = assertCheckCondition(send(PORT_1, 0, cdb(0xA4, 0x0A, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0), list),
                0x5, 0x26, 0x00);
        assertEquals((byte) 0x80, (byte) (sense[15] & 0xC0), "SKSV, C/D = 0 (parameter list)");
        assertEquals(4, ((sense[16] & 0xFF) << 8) | (sense[17] & 0xFF));
        assertEquals(AluaState.ACTIVE_OPTIMIZED, groups.group(1).orElseThrow().state());
    }

    @Test
    void administrativeChangesReachEveryNexus() {
        assertGood(send(PORT_1, 0, READ_10));
        groups.changeState(1, AluaState.ACTIVE_NONOPTIMIZED, new ChangeCause.Administrative("test"));
        assertCheckCondition(send(PORT_1, 0, READ_10), 0x6, 0x2A, 0x06);
        assertGood(send(PORT_1, 0, READ_10));
    }

    @Test
    void reportSupportedOperationCodesListsRtpgAndStpgOnAluaUnitsOnly() {
        // REPORTING OPTIONS 010b: one command by operation code and service action (SPC-4 §6.35).
        byte[] rtpg = cdb(0xA3, 0x0C, 0x02, 0xA3, 0, 0x0A, 0, 0, 1, 0, 0, 0);
        assertEquals(0b011, bytes(send(PORT_1, 0, rtpg))[1] & 0x07, "supported");
        assertEquals(0b001, bytes(send(PORT_1, 1, rtpg))[1] & 0x07, "not supported on the RDAC unit");
        byte[] stpg = cdb(0xA3, 0x0C, 0x02, 0xA4, 0, 0x0A, 0, 0, 1, 0, 0, 0);
        assertEquals(0b011, bytes(send(PORT_1, 0, stpg))[1] & 0x07);
    }

    @Test
    void rdacUnitListsAndServesTheVendorPages() {
        byte[] supported = bytes(send(PORT_2, 1, cdb(0x12, 1, 0x00, 0, 255, 0)));
        List<Integer> codes = new ArrayList<>();
        for (int i = 4; i < 4 + supported[3]; i++) {
            codes.add(supported[i] & 0xFF);
        }
        assertTrue(codes.containsAll(List.of(0xC2, 0xC4, 0xC8, 0xC9)), codes::toString);
        byte[] plain = bytes(send(PORT_2, 0, cdb(0x12, 1, 0x00, 0, 255, 0)));
        assertFalse(new String(plain, StandardCharsets.ISO_8859_1).contains("\u00C9"), "only for Rdac=yes");
        byte[] c9 = bytes(send(PORT_1, 1, cdb(0x12, 1, 0xC9, 0, 255, 0)));
        assertEquals("vac1", new String(c9, 4, 4, StandardCharsets.US_ASCII));
        assertEquals(1, c9[8] & 0x01, "group 1 owns LUN 1");
        assertEquals(0, bytes(send(PORT_2, 1, cdb(0x12, 1, 0xC9, 0, 255, 0)))[8] & 0x01);
        byte[] c8 = bytes(send(PORT_2, 1, cdb(0x12, 1, 0xC8, 0, 255, 0)));
        assertEquals("edid", new String(c8, 4, 4, StandardCharsets.US_ASCII));
        assertEquals(1, c8[174], "LUN");
        assertCheckCondition(send(PORT_2, 0, cdb(0x12, 1, 0xC9, 0, 255, 0)), 0x5, 0x24, 0x00);
    }

    @Test
    void modeSelectOfPage2cMovesOwnershipToTheReceivingGroup() {
        assertCheckCondition(send(PORT_2, 1, READ_10), 0x5, 0x94, 0x01);
        // MODE SENSE(10) page 2Ch subpage 01h through port 2: LUN 1 is not owned here.
        byte[] sensed = bytes(send(PORT_2, 1, cdb(0x5A, 0x08, 0x2C, 0x01, 0, 0, 0, 0x02, 0x00, 0)));
        int table = 8 + 4 + 38;
        assertEquals(0, sensed[table + 1]);
        byte[] list = sensed.clone();
        list[0] = 0;
        list[1] = 0;
        list[table + 1] = (byte) 0x81;
        // MODE SELECT(10), PF, parameter list length in bytes 7-8 (scsi_dh_rdac's expanded page).
        assertGood(send(PORT_2, 1, cdb(0x55, 0x10, 0, 0, 0, 0, 0, list.length >> 8, list.length & 0xFF, 0), list));
        assertGood(send(PORT_2, 1, READ_10));
        assertCheckCondition(send(PORT_1, 1, READ_10), 0x5, 0x94, 0x01);
        byte[] after = bytes(send(PORT_2, 1, cdb(0x5A, 0x08, 0x2C, 0x01, 0, 0, 0, 0x02, 0x00, 0)));
        assertEquals((byte) 0x81, after[table + 1]);
    }

    @Test
    void rdacUnitIsNotGatedByStandbyButByFaults() {
        assertGood(send(PORT_2, 1, TEST_UNIT_READY));
        groups.changeState(2, AluaState.UNAVAILABLE, new ChangeCause.Administrative("test"));
        assertCheckCondition(send(PORT_2, 1, TEST_UNIT_READY), 0x6, 0x2A, 0x06);
        assertCheckCondition(send(PORT_2, 1, TEST_UNIT_READY), 0x2, 0x04, 0x0C);
    }
}
