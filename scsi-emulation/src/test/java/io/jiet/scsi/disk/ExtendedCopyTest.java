package io.jiet.scsi.disk;

import static io.jiet.scsi.SenseAssertions.assertCheckCondition;
import static io.jiet.scsi.SenseAssertions.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jiet.scsi.LogicalUnit;
import io.jiet.scsi.LogicalUnitIdentity;
import io.jiet.scsi.LogicalUnitNumber;
import io.jiet.scsi.ScsiRequest;
import io.jiet.scsi.ScsiResult;
import io.jiet.scsi.ScsiStatus;
import io.jiet.scsi.ScsiTargetDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** EXTENDED COPY (LID1) and RECEIVE COPY RESULTS. */
class ExtendedCopyTest {

    private static final LogicalUnitIdentity NAA = Disk.IDENTITY.withNaaDesignator();

    /** An E4h CSCD naming {@code identity}'s designator of {@code type}, 512-byte blocks (SPC-4 table 133). */
    private static byte[] cscd(LogicalUnitIdentity identity, int type) {
        LogicalUnitIdentity.Designator d = identity.designators().stream()
                .filter(x -> x.designatorType() == type).findFirst().orElseThrow();
        byte[] c = new byte[32];
        c[0] = (byte) 0xE4;
        byte[] encoded = d.encode();
        System.arraycopy(encoded, 0, c, 4, Math.min(20, encoded.length));
        c[30] = 0x02; // DISK BLOCK LENGTH 512 (000200h)
        return c;
    }

    /** A 02h block-to-block segment (SPC-4 table 140). */
    private static byte[] segment(int source, int destination, int blocks, long sourceLba, long destinationLba) {
        return ByteBuffer.allocate(28).put((byte) 0x02).put((byte) 0).putShort((short) 0x18).putShort((short) source)
                .putShort((short) destination).putShort((short) 0).putShort((short) blocks).putLong(sourceLba)
                .putLong(destinationLba).array();
    }

    private static byte[] list(int listId, int usage, byte[][] cscds, byte[]... segments) {
        int cscdLength = 32 * cscds.length;
        int segmentLength = 28 * segments.length;
        ByteBuffer b = ByteBuffer.allocate(16 + cscdLength + segmentLength);
        b.put((byte) listId).put((byte) (usage << 3)).putShort((short) cscdLength).putInt(0).putInt(segmentLength)
                .putInt(0);
        for (byte[] c : cscds) {
            b.put(c);
        }
        for (byte[] s : segments) {
            b.put(s);
        }
        return b.array();
    }

    private static Disk disk() throws IOException {
        MemoryStore store = new MemoryStore(4096 * 512);
        for (int i = 0; i < store.bytes.length; i++) {
            store.bytes[i] = (byte) (i * 13 + i / 512);
        }
        return Disk.onStore(store, 512);
    }

    private static DiskLogicalUnit unit(MemoryStore store) throws IOException {
        return new DiskLogicalUnit(store, 512, NAA, DiskLogicalUnit.Options.defaults());
    }

    @Test
    void copiesBlocksWithinTheUnitAndReportsTheStatus() throws IOException {
        MemoryStore store = new MemoryStore(4096 * 512);
        Arrays.fill(store.bytes, 0, 100 * 512, (byte) 0x42);
        try (DiskLogicalUnit u = unit(store)) {
            byte[] list = list(7, 0, new byte[][] {cscd(NAA, 3)}, segment(0, 0, 100, 0, 3000));
            ScsiResult r = run(u, Cdbs.extendedCopy(list.length), list);
            assertEquals(ScsiStatus.GOOD, r.status(), () -> java.util.HexFormat.of().formatHex(r.senseData()));
            assertArrayEquals(Arrays.copyOfRange(store.bytes, 0, 100 * 512),
                    Arrays.copyOfRange(store.bytes, 3000 * 512, 3100 * 512));
            ByteBuffer status = ByteBuffer.wrap(bytes(run(u, Cdbs.receiveCopyResults(0, 7), new byte[0])));
            assertEquals(8, status.getInt(0));
            assertEquals(0, status.get(4), "completed without errors");
            assertEquals(1, status.getShort(5), "segments processed");
            assertEquals(100 * 512, status.getInt(8), "bytes copied");
            assertCheckCondition(run(u, Cdbs.receiveCopyResults(0, 8), new byte[0]), 0x05, 0x24, 0x00);
        }
    }

    @Test
    void theIetT10DesignatorIsAcceptedWhenItFits() throws IOException {
        // IET's designator is 24 bytes, more than a CSCD's 20-byte field holds: only the NAA one can name the LU.
        try (Disk d = disk()) {
            byte[] list = list(1, 3 - 3, new byte[][] {cscd(Disk.IDENTITY, 1)}, segment(0, 0, 8, 0, 100));
            assertCheckCondition(d.write(Cdbs.extendedCopy(list.length), list), 0x0A, 0x0D, 0x02);
        }
    }

    @Test
    void copiesBetweenLogicalUnitsOfOneTarget() throws IOException {
        MemoryStore a = new MemoryStore(1024 * 512);
        MemoryStore b = new MemoryStore(1024 * 512);
        Arrays.fill(a.bytes, (byte) 0x61);
        LogicalUnitIdentity other = LogicalUnitIdentity.iet("iqn.2001-04.com.example:disk", 1, "other", null)
                .withNaaDesignator();
        try (DiskLogicalUnit source = unit(a);
             DiskLogicalUnit destination = new DiskLogicalUnit(b, 512, other, DiskLogicalUnit.Options.defaults())) {
            ScsiTargetDevice device = new ScsiTargetDevice(Map.<Integer, LogicalUnit>of(0, source, 1, destination));
            byte[] list = list(2, 0, new byte[][] {cscd(NAA, 3), cscd(other, 3)}, segment(0, 1, 64, 10, 20));
            ScsiResult r = device.execute(new ScsiRequest(Disk.NEXUS, LogicalUnitNumber.encode(0),
                    Cdbs.extendedCopy(list.length), ByteBuffer.wrap(list), 0));
            assertEquals(ScsiStatus.GOOD, r.status(), () -> java.util.HexFormat.of().formatHex(r.senseData()));
            byte[] expected = new byte[64 * 512];
            Arrays.fill(expected, (byte) 0x61);
            assertArrayEquals(expected, Arrays.copyOfRange(b.bytes, 20 * 512, 84 * 512));
        }
    }

    @Test
    void parameterListErrorsBeforeAnyDataMoves() throws IOException {
        try (DiskLogicalUnit u = unit(new MemoryStore(4096 * 512))) {
            byte[] c = cscd(NAA, 3);
            byte[] good = list(1, 0, new byte[][] {c}, segment(0, 0, 8, 0, 100));
            assertEquals(ScsiStatus.GOOD, run(u, Cdbs.extendedCopy(0), new byte[0]).status(), "empty list: no-op");
            assertCheckCondition(run(u, Cdbs.extendedCopy(16 + 31), Arrays.copyOf(good, 16 + 31)), 0x05, 0x1A, 0x00);
            byte[][] tooMany = new byte[17][];
            Arrays.fill(tooMany, c);
            byte[] many = list(1, 0, tooMany, segment(0, 0, 8, 0, 100));
            assertCheckCondition(run(u, Cdbs.extendedCopy(many.length), many), 0x05, 0x26, 0x06);
            byte[][] segments = new byte[17][];
            Arrays.fill(segments, segment(0, 0, 1, 0, 100));
            byte[] manySegments = list(1, 0, new byte[][] {c}, segments);
            assertCheckCondition(run(u, Cdbs.extendedCopy(manySegments.length), manySegments), 0x05, 0x26, 0x08);
            byte[] fibreChannel = c.clone();
            fibreChannel[0] = (byte) 0xE0;
            byte[] fc = list(1, 0, new byte[][] {fibreChannel}, segment(0, 0, 8, 0, 100));
            assertCheckCondition(run(u, Cdbs.extendedCopy(fc.length), fc), 0x05, 0x26, 0x07);
            byte[] stream = segment(0, 0, 8, 0, 100);
            stream[0] = 0x03;
            byte[] st = list(1, 0, new byte[][] {c}, stream);
            assertCheckCondition(run(u, Cdbs.extendedCopy(st.length), st), 0x05, 0x26, 0x09);
        }
    }

    @Test
    void segmentErrorsAreCopyAborted() throws IOException {
        try (DiskLogicalUnit u = unit(new MemoryStore(4096 * 512))) {
            byte[] c = cscd(NAA, 3);
            byte[] badIndex = list(1, 0, new byte[][] {c}, segment(0, 1, 8, 0, 100));
            assertCheckCondition(run(u, Cdbs.extendedCopy(badIndex.length), badIndex), 0x0A, 0x0D, 0x02);
            byte[] beyond = list(1, 0, new byte[][] {c}, segment(0, 0, 8, 0, 4095));
            assertCheckCondition(run(u, Cdbs.extendedCopy(beyond.length), beyond), 0x0A, 0x00, 0x00);
            ByteBuffer failed = ByteBuffer.wrap(bytes(run(u, Cdbs.receiveCopyResults(4, 1), new byte[0])));
            assertEquals(0x02, failed.get(56), "COPY COMMAND STATUS: CHECK CONDITION");
            assertEquals(0x0A, failed.get(60 + 2) & 0x0F, "its sense: COPY ABORTED");
        }
    }

    @Test
    void operatingParametersReportTheLimits() throws IOException {
        try (DiskLogicalUnit u = unit(new MemoryStore(64 * 512))) {
            ByteBuffer p = ByteBuffer.wrap(bytes(run(u, Cdbs.receiveCopyResults(3, 0), new byte[0])));
            assertEquals(42, p.getInt(0));
            assertEquals(1, p.get(4), "SNLID");
            assertEquals(16, p.getShort(8));
            assertEquals(16, p.getShort(10));
            assertEquals(1024, p.getInt(12));
            assertEquals(2, p.get(43));
            assertEquals(0x02, p.get(44));
            assertEquals((byte) 0xE4, p.get(45));
        }
    }

    private static ScsiResult run(DiskLogicalUnit u, byte[] cdb, byte[] dataOut) {
        return u.execute(new ScsiRequest(Disk.NEXUS, 0L, cdb, ByteBuffer.wrap(dataOut), 1 << 20));
    }
}
