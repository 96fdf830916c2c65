package io.jiet.scsi.disk;

import static io.jiet.scsi.SenseAssertions.assertCheckCondition;
import static io.jiet.scsi.SenseAssertions.assertInvalidFieldInCdb;
import static io.jiet.scsi.SenseAssertions.bytes;
import static io.jiet.scsi.SenseAssertions.cdb;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiet.scsi.ScsiResult;
import io.jiet.scsi.ScsiStatus;
import io.jiet.scsi.SupportedCommand;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReportSupportedOperationCodesTest {

    private Disk disk;

    /** One command descriptor of the all_commands format. */
    record Descriptor(int opcode, int serviceAction, boolean servactv, boolean ctdp, int cdbLength) {
    }

    @BeforeEach
    void open() throws IOException {
        disk = Disk.onStore(new MemoryStore(1 << 20), 512);
    }

    @AfterEach
    void close() {
        disk.close();
    }

    private static byte[] rsoc(boolean rctd, int options, int opcode, int serviceAction, int allocation) {
        return cdb(0xA3, 0x0C, (rctd ? 0x80 : 0) | options, opcode, serviceAction >> 8, serviceAction & 0xFF,
                allocation >>> 24, allocation >> 16 & 0xFF, allocation >> 8 & 0xFF, allocation & 0xFF, 0, 0);
    }

    private List<Descriptor> all(boolean rctd) {
        ByteBuffer d = ByteBuffer.wrap(bytes(disk.execute(rsoc(rctd, 0, 0, 0, 65535))));
        int length = d.getInt();
        assertEquals(d.remaining(), length, "COMMAND DATA LENGTH");
        List<Descriptor> list = new ArrayList<>();
        while (d.hasRemaining()) {
            int opcode = d.get() & 0xFF;
            d.get();
            int serviceAction = d.getShort() & 0xFFFF;
            d.get();
            int flags = d.get();
            int cdbLength = d.getShort();
            Descriptor desc = new Descriptor(opcode, serviceAction, (flags & 1) != 0, (flags & 2) != 0, cdbLength);
            list.add(desc);
            if (desc.ctdp()) {
                assertEquals(0x0A, d.getShort(), "timeouts descriptor length");
                d.position(d.position() + 10);
            }
        }
        return list;
    }

    @Test
    void allCommandsMatchTheTable() {
        List<Descriptor> listed = all(false);
        List<SupportedCommand> table = disk.unit.table().commands();
        assertEquals(table.size(), listed.size());
        for (int i = 0; i < table.size(); i++) {
            SupportedCommand c = table.get(i);
            Descriptor d = listed.get(i);
            assertEquals(c.operationCode(), d.opcode());
            assertEquals(c.serviceAction().orElse(0), d.serviceAction());
            assertEquals(c.serviceAction().isPresent(), d.servactv());
            assertEquals(c.cdbLength(), d.cdbLength());
            assertTrue(!d.ctdp());
        }
        List<Integer> opcodes = listed.stream().map(Descriptor::opcode).distinct().toList();
        assertEquals(List.of(0x00, 0x03, 0x08, 0x0A, 0x12, 0x15, 0x16, 0x17, 0x1A, 0x1B, 0x1E, 0x25, 0x28, 0x2A,
                0x2E, 0x2F, 0x34, 0x35, 0x37, 0x41, 0x48, 0x4D, 0x55, 0x56, 0x57, 0x5A, 0x5E, 0x5F, 0x83, 0x84, 0x88,
                0x89, 0x8A, 0x8B, 0x8E, 0x8F, 0x90, 0x91, 0x93, 0x9C, 0x9E, 0xA0, 0xA3, 0xA8, 0xAA, 0xAE, 0xAF, 0xB7),
                opcodes, "a fully provisioned disk: no UNMAP (42h)");
    }

    @Test
    void rctdAddsATimeoutsDescriptorToEveryCommand() {
        List<Descriptor> listed = all(true);
        assertEquals(all(false).size(), listed.size());
        assertTrue(listed.stream().allMatch(Descriptor::ctdp));
    }

    @Test
    void read10UsageDataShowsDpoAndFuaButNoProtection() {
        byte[] d = bytes(disk.execute(rsoc(false, 1, 0x28, 0, 65535)));
        assertEquals("0003000a" + "2818ffffffff00ffff00", HexFormat.of().formatHex(d));
        byte[] w = bytes(disk.execute(rsoc(false, 1, 0x2A, 0, 65535)));
        assertEquals("0003000a" + "2a18ffffffff00ffff00", HexFormat.of().formatHex(w));
    }

    @Test
    void oneCommandWithTimeouts() {
        byte[] d = bytes(disk.execute(rsoc(true, 2, 0x9E, 0x10, 65535)));
        assertEquals("0083" + "0010" + "9e10" + "ff".repeat(12) + "0100" + "000a" + "00".repeat(10),
                HexFormat.of().formatHex(d));
    }

    @Test
    void unsupportedCommandsAreReportedAsSuch() {
        assertEquals("00010000", HexFormat.of().formatHex(bytes(disk.execute(rsoc(false, 1, 0x42, 0, 65535)))));
        assertEquals("00010000", HexFormat.of().formatHex(bytes(disk.execute(rsoc(false, 2, 0x9E, 0x11, 65535)))));
        assertEquals("00010000", HexFormat.of().formatHex(bytes(disk.execute(rsoc(false, 3, 0xA3, 0x05, 65535)))));
    }

    @Test
    void reportingOptionsMustMatchWhetherTheCommandHasServiceActions() {
        ScsiResult wrongOne = disk.execute(rsoc(false, 1, 0x9E, 0, 65535));
        assertInvalidFieldInCdb(wrongOne, 3);
        assertInvalidFieldInCdb(disk.execute(rsoc(false, 2, 0x28, 0, 65535)), 3);
        assertInvalidFieldInCdb(disk.execute(rsoc(false, 4, 0x28, 0, 65535)), 2);
        assertEquals(ScsiStatus.GOOD, disk.execute(rsoc(false, 3, 0x28, 0, 65535)).status());
    }

    @Test
    void everyListedCommandCanBeAskedForAlone() {
        for (Descriptor d : all(false)) {
            int options = d.servactv() ? 2 : 1;
            byte[] one = bytes(disk.execute(rsoc(false, options, d.opcode(), d.serviceAction(), 65535)));
            assertEquals(3, one[1] & 0x07, "SUPPORT for " + d);
            int cdbLength = (one[2] & 0xFF) << 8 | one[3] & 0xFF;
            assertEquals(d.cdbLength(), cdbLength);
            assertEquals(d.opcode(), one[4] & 0xFF, "CDB USAGE DATA byte 0 is the operation code");
            assertEquals(0, one[3 + cdbLength] & 0x04, "no command claims NACA");
            if (d.servactv()) {
                assertEquals(d.serviceAction(), one[5] & 0x1F);
            }
            assertCheckCondition(disk.execute(rsoc(false, d.servactv() ? 1 : 2, d.opcode(), d.serviceAction(),
                    65535)), 0x05, 0x24, 0x00);
        }
    }

    @Test
    void allocationLengthCutsTheList() {
        ScsiResult r = disk.execute(rsoc(false, 0, 0, 0, 10));
        assertEquals(10, bytes(r).length);
        assertNotEquals(0, java.nio.ByteBuffer.wrap(bytes(r)).getInt(0), "COMMAND DATA LENGTH of the whole list");
    }

    @Test
    void otherMaintenanceInServiceActionsAreInvalidAtByteOne() {
        assertInvalidFieldInCdb(disk.execute(cdb(0xA3, 0x0A, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0)), 1);
    }
}
