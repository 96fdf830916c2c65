package io.jiet.scsi;

import static io.jiet.scsi.SenseAssertions.assertCheckCondition;
import static io.jiet.scsi.SenseAssertions.assertInvalidFieldInCdb;
import static io.jiet.scsi.SenseAssertions.bytes;
import static io.jiet.scsi.SenseAssertions.cdb;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScsiTargetDeviceTest {

    private static final byte[] REPORT_LUNS = cdb(0xA0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0, 0, 0);

    /** A logical unit that records which LUN it is and answers GOOD. */
    private static final class Recorder implements LogicalUnit {
        final List<String> seen;
        final String name;

        Recorder(String name, List<String> seen) {
            this.name = name;
            this.seen = seen;
        }

        @Override
        public ScsiResult execute(ScsiRequest request) {
            seen.add(name);
            return ScsiResult.good();
        }

        @Override
        public void close() {
        }
    }

    private static ScsiResult send(ScsiTargetDevice device, long lunField, byte[] cdb) {
        return device.execute(new ScsiRequest(null, lunField, cdb, ByteBuffer.allocate(0), 4096));
    }

    @Test
    void routesByDecodedLun() {
        List<String> seen = new ArrayList<>();
        ScsiTargetDevice device = new ScsiTargetDevice(Map.of(1, new Recorder("one", seen),
                300, new Recorder("three hundred", seen)));
        send(device, LogicalUnitNumber.encode(300), cdb(0x00, 0, 0, 0, 0, 0));
        send(device, 0x0001_0000_0000_0000L, cdb(0x00, 0, 0, 0, 0, 0));
        assertEquals(List.of("three hundred", "one"), seen);
        assertEquals(List.of(1, 300), List.copyOf(device.lunNumbers()));
    }

    @Test
    void reportLunsThroughAnAbsentLunZeroListsExactlyTheConfiguredLuns() {
        List<String> seen = new ArrayList<>();
        ScsiTargetDevice device = new ScsiTargetDevice(Map.of(300, new Recorder("b", seen),
                1, new Recorder("a", seen)));
        byte[] d = bytes(send(device, 0, REPORT_LUNS));
        assertEquals("00000010" + "00000000" + "0001000000000000" + "412c000000000000", HexFormat.of().formatHex(d));
        assertEquals(List.of(), seen, "no logical unit sees REPORT LUNS");
        // The same through a configured LUN.
        assertEquals(HexFormat.of().formatHex(d),
                HexFormat.of().formatHex(bytes(send(device, LogicalUnitNumber.encode(1), REPORT_LUNS))));
    }

    @Test
    void reportLunsHonoursSelectReportAndAllocationLength() {
        ScsiTargetDevice device = new ScsiTargetDevice(Map.of(0, new Recorder("a", new ArrayList<>())));
        assertEquals("0000000000000000",
                HexFormat.of().formatHex(bytes(send(device, 0, cdb(0xA0, 0, 0x01, 0, 0, 0, 0, 0, 1, 0, 0, 0)))));
        assertEquals("00000008" + "00000000" + "0000000000000000",
                HexFormat.of().formatHex(bytes(send(device, 0, cdb(0xA0, 0, 0x02, 0, 0, 0, 0, 0, 1, 0, 0, 0)))));
        assertEquals("0000000800",
                HexFormat.of().formatHex(bytes(send(device, 0, cdb(0xA0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0)))));
        assertInvalidFieldInCdb(send(device, 0, cdb(0xA0, 0, 0x10, 0, 0, 0, 0, 0, 1, 0, 0, 0)), 2);
        assertInvalidFieldInCdb(send(device, 0, cdb(0xA0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0x04)), 11);
    }

    @Test
    void inquiryOfAnAbsentLunSaysNoLogicalUnitHere() {
        ScsiTargetDevice device = new ScsiTargetDevice(Map.of());
        byte[] d = bytes(send(device, LogicalUnitNumber.encode(7), cdb(0x12, 0, 0, 0, 96, 0)));
        assertEquals(96, d.length);
        assertEquals(0x7F, d[0] & 0xFF, "peripheral qualifier 011b, device type 1Fh");
        assertEquals(0x06, d[2]);
        assertEquals(91, d[4]);
        assertEquals(" ".repeat(28), new String(d, 8, 28, StandardCharsets.US_ASCII));
        assertCheckCondition(send(device, 0, cdb(0x12, 1, 0x80, 0, 96, 0)), 0x05, 0x25, 0x00);
    }

    @Test
    void requestSenseOfAnAbsentLunIsGoodWithLogicalUnitNotSupported() {
        ScsiTargetDevice device = new ScsiTargetDevice(Map.of());
        ScsiResult r = send(device, 0, cdb(0x03, 0, 0, 0, 18, 0));
        assertEquals(ScsiStatus.GOOD, r.status());
        byte[] d = bytes(r);
        assertEquals(18, d.length);
        assertEquals(0x70, d[0]);
        assertEquals(0x05, d[2]);
        assertEquals(0x25, d[12]);
        assertEquals(0x00, d[13]);
        byte[] descriptor = bytes(send(device, 0, cdb(0x03, 1, 0, 0, 18, 0)));
        assertEquals("7205250000000000", HexFormat.of().formatHex(descriptor));
    }

    @Test
    void otherCommandsToAnAbsentLunAreLogicalUnitNotSupported() {
        ScsiTargetDevice device = new ScsiTargetDevice(Map.of(0, new Recorder("a", new ArrayList<>())));
        assertCheckCondition(send(device, LogicalUnitNumber.encode(1), cdb(0x00, 0, 0, 0, 0, 0)), 0x05, 0x25, 0x00);
        assertCheckCondition(send(device, 0x0100_0000_0000_0000L, cdb(0x00, 0, 0, 0, 0, 0)), 0x05, 0x25, 0x00);
        assertCheckCondition(send(device, LogicalUnitNumber.encode(2), new byte[0]), 0x05, 0x25, 0x00);
    }

    @Test
    void lunsOutsideTheFlatSpaceRangeAreRefused() {
        LogicalUnit unit = new Recorder("a", new ArrayList<>());
        assertThrows(IllegalArgumentException.class, () -> new ScsiTargetDevice(Map.of(16384, unit)));
        assertThrows(IllegalArgumentException.class, () -> new ScsiTargetDevice(Map.of(-1, unit)));
    }

    /** Records the events a target device passes on. */
    private static final class Events implements LogicalUnit {
        final List<String> events = new ArrayList<>();
        LogicalUnitContext context;

        @Override
        public ScsiResult execute(ScsiRequest request) {
            return ScsiResult.good();
        }

        @Override
        public void logicalUnitReset(ItNexus by) {
            events.add("lu-reset");
        }

        @Override
        public void hardReset(ItNexus by, boolean powerOn) {
            events.add(powerOn ? "cold" : "warm");
        }

        @Override
        public void itNexusLost(ItNexus nexus) {
            events.add("lost " + nexus.initiatorPortName());
        }

        @Override
        public void reportedLunsDataChanged() {
            events.add("luns-changed");
        }

        @Override
        public void reportLunsSent(ItNexus nexus) {
            events.add("report-luns");
        }

        @Override
        public void cancel(ScsiRequest request) {
            events.add("cancel");
        }

        @Override
        public boolean descriptorFormatSense() {
            return true;
        }

        @Override
        public void attach(LogicalUnitContext context) {
            this.context = context;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void eventsReachTheAddressedOrEveryLogicalUnit() {
        Events zero = new Events();
        Events five = new Events();
        ScsiTargetDevice device = new ScsiTargetDevice(Map.of(0, zero, 5, five));
        ItNexus nexus = new ItNexus("iqn.i,i,0x1", "iqn.t,t,0x1", 1, 1);
        assertEquals(5, five.context.lun());
        assertEquals(true, device.logicalUnitReset(LogicalUnitNumber.encode(5), nexus));
        assertEquals(false, device.logicalUnitReset(LogicalUnitNumber.encode(6), nexus));
        device.targetReset(nexus, false);
        device.targetReset(nexus, true);
        device.itNexusLost(nexus);
        device.cancel(new ScsiRequest(nexus, LogicalUnitNumber.encode(0), cdb(0, 0, 0, 0, 0, 0), null, 0));
        assertEquals(List.of("warm", "cold", "lost iqn.i,i,0x1", "cancel"), zero.events);
        assertEquals(List.of("lu-reset", "warm", "cold", "lost iqn.i,i,0x1"), five.events);
        assertEquals(0x72, device.senseData(LogicalUnitNumber.encode(0), Sense.INVALID_FIELD_IN_CDB)[0],
                "the unit's D_SENSE picks the format");
        assertEquals(0x70, device.senseData(LogicalUnitNumber.encode(9), Sense.INVALID_FIELD_IN_CDB)[0]);
    }

    @Test
    void lunInventoryChangesAreReportedAndReportLunsClearsThem() {
        Events zero = new Events();
        ScsiTargetDevice device = new ScsiTargetDevice(Map.of(0, zero));
        Events three = new Events();
        device.addLogicalUnit(3, three);
        assertEquals(List.of(0, 3), List.copyOf(device.lunNumbers()));
        assertEquals(3, three.context.lun());
        assertThrows(IllegalArgumentException.class, () -> device.addLogicalUnit(3, new Events()));
        ItNexus nexus = new ItNexus("iqn.i,i,0x1", "iqn.t,t,0x1", 1, 1);
        bytes(device.execute(new ScsiRequest(nexus, 0L, cdb(0xA0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0), null, 256)));
        assertEquals(three, device.removeLogicalUnit(3).orElseThrow());
        assertEquals(List.of("luns-changed", "report-luns", "luns-changed"), zero.events);
        assertEquals(List.of("report-luns"), three.events);
    }
}
