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
}
