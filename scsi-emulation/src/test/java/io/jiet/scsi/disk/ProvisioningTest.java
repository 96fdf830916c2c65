package io.jiet.scsi.disk;

import static io.jiet.scsi.SenseAssertions.assertCheckCondition;
import static io.jiet.scsi.SenseAssertions.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiet.backstore.IoMode;
import io.jiet.scsi.ScsiResult;
import io.jiet.scsi.ScsiStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logical block provisioning on a real sparse file: READ CAPACITY (16) and VPD pages, UNMAP and WRITE SAME with
 * UNMAP punching holes, GET LBA STATUS reporting them, and the fully provisioned counterpart.
 */
class ProvisioningTest {

    private static final int MIB = 1 << 20;
    private static final DiskLogicalUnit.Options THIN = DiskLogicalUnit.Options.defaults().withThinProvisioning(true);

    @TempDir
    Path dir;

    private Disk thin(long bytes) throws IOException {
        return Disk.sparse(dir, "thin.img", bytes, 512, IoMode.WRITE_BACK, THIN);
    }

    private static void good(ScsiResult r) {
        assertEquals(ScsiStatus.GOOD, r.status(), () -> java.util.HexFormat.of().formatHex(r.senseData()));
    }

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }

    @Test
    void readCapacityAndVpdPagesDescribeAThinUnit() throws IOException {
        try (Disk d = thin(16 * MIB)) {
            int unit = d.store.allocationUnit();
            int exponent = Integer.numberOfTrailingZeros(unit / 512);
            assertTrue(exponent >= 1, "a file system block is bigger than 512 bytes: " + unit);
            ByteBuffer rc = ByteBuffer.wrap(bytes(d.execute(Cdbs.readCapacity16())));
            assertEquals(16 * MIB / 512 - 1, rc.getLong(0));
            assertEquals(exponent, rc.get(13) & 0x0F, "LBPPBE from the file system block");
            assertEquals(0xC0, rc.get(14) & 0xC0, "LBPME and LBPRZ");

            byte[] lbp = bytes(d.execute(Cdbs.inquiryVpd(0xB2)));
            assertEquals(0xE4, lbp[5] & 0xFF, "LBPU, LBPWS, LBPWS10, LBPRZ");
            assertEquals(0x02, lbp[6] & 0x07, "thin provisioning type");

            ByteBuffer bl = ByteBuffer.wrap(bytes(d.execute(Cdbs.inquiryVpd(0xB0))));
            assertEquals(64, bl.capacity());
            assertEquals(255, bl.get(5) & 0xFF, "MAXIMUM COMPARE AND WRITE LENGTH");
            assertEquals(1 << exponent, bl.getShort(6), "OPTIMAL TRANSFER LENGTH GRANULARITY");
            assertEquals(0xFFFF_FFFF, bl.getInt(20), "MAXIMUM UNMAP LBA COUNT: no limit");
            assertEquals(4095, bl.getInt(24), "MAXIMUM UNMAP BLOCK DESCRIPTOR COUNT");
            assertEquals(1 << exponent, bl.getInt(28), "OPTIMAL UNMAP GRANULARITY");
            assertEquals(0x8000_0000, bl.getInt(32), "UGAVALID, alignment 0");
            assertEquals(0xFFFF, bl.getLong(36), "MAXIMUM WRITE SAME LENGTH");
            assertTrue(bl.getInt(44) > 0 && bl.getInt(44) <= bl.getInt(8), "atomic length within transfer length");
        }
    }

    @Test
    void aFullyProvisionedUnitHasNoUnmapAndReportsEverythingMapped() throws IOException {
        try (Disk d = Disk.sparse(dir, "full.img", 4 * MIB, 512, IoMode.WRITE_BACK,
                DiskLogicalUnit.Options.defaults())) {
            assertEquals(0, bytes(d.execute(Cdbs.readCapacity16()))[14] & 0xC0);
            byte[] lbp = bytes(d.execute(Cdbs.inquiryVpd(0xB2)));
            assertEquals(0, lbp[5]);
            assertEquals(0, lbp[6]);
            assertCheckCondition(d.write(Cdbs.unmap(24), Cdbs.unmapList(0, 8)), 0x05, 0x20, 0x00);
            assertCheckCondition(d.write(Cdbs.writeSame16(0, 8, 0x08), new byte[512]), 0x05, 0x24, 0x00);
            ByteBuffer status = ByteBuffer.wrap(bytes(d.execute(Cdbs.getLbaStatus(100, 64))));
            assertEquals(20, status.getInt(0), "one descriptor");
            assertEquals(100, status.getLong(8));
            assertEquals(4 * MIB / 512 - 100, status.getInt(16));
            assertEquals(0, status.get(20), "mapped");
        }
    }

    @Test
    void unmapPunchesHolesThatReadAsZerosAndGetLbaStatusSeesThem() throws IOException {
        try (Disk d = thin(8 * MIB)) {
            good(d.write(Cdbs.write16(0, 4096), filled(2 * MIB, 0x77)));
            d.execute(new byte[] {0x35, 0, 0, 0, 0, 0, 0, 0, 0, 0});
            good(d.write(Cdbs.unmap(24), Cdbs.unmapList(1024, 1024)));
            byte[] back = bytes(d.execute(Cdbs.read16(0, 4096)));
            for (int i = 0; i < back.length; i++) {
                assertEquals(i >= 512 * 1024 && i < 512 * 2048 ? 0 : 0x77, back[i] & 0xFF, "byte " + i);
            }
            ByteBuffer status = ByteBuffer.wrap(bytes(d.execute(Cdbs.getLbaStatus(5, 1024))));
            assertEquals(5, status.getLong(8), "the first descriptor starts at the STARTING LBA");
            assertEquals(1019, status.getInt(16));
            assertEquals(0, status.get(20) & 0x0F, "mapped");
            assertEquals(1024, status.getLong(24));
            assertEquals(1024, status.getInt(32));
            assertEquals(1, status.get(36) & 0x0F, "deallocated");
            assertEquals(2048, status.getLong(40));
            assertEquals(0, status.get(52) & 0x0F);
            assertEquals(4096, status.getLong(56), "then the never written rest");
            assertEquals(1, status.get(68) & 0x0F);
        }
    }

    @Test
    void unmapChecksEveryDescriptorBeforeChangingAnything() throws IOException {
        try (Disk d = thin(4 * MIB)) {
            good(d.write(Cdbs.write16(0, 16), filled(16 * 512, 0x33)));
            byte[] list = Cdbs.unmapList(0, 8, 8190, 100);
            assertCheckCondition(d.write(Cdbs.unmap(list.length), list), 0x05, 0x21, 0x00);
            assertArrayEquals(filled(8 * 512, 0x33), bytes(d.execute(Cdbs.read16(0, 8))), "nothing unmapped");
            assertCheckCondition(d.write(Cdbs.unmap(6), new byte[6]), 0x05, 0x1A, 0x00);
            assertCheckCondition(d.write(Cdbs.unmap(24), new byte[10]), 0x05, 0x1A, 0x00);
            good(d.execute(Cdbs.unmap(0)));
            byte[] anchor = Cdbs.unmap(24);
            anchor[1] = 1;
            assertCheckCondition(d.write(anchor, Cdbs.unmapList(0, 8)), 0x05, 0x24, 0x00);
        }
    }

    @Test
    void writeSameRepeatsTheBlockAndUnmapsWithTheUnmapBit() throws IOException {
        try (Disk d = thin(4 * MIB)) {
            byte[] block = new byte[512];
            for (int i = 0; i < 512; i++) {
                block[i] = (byte) i;
            }
            good(d.write(Cdbs.writeSame10(10, 300, 0), block));
            byte[] back = bytes(d.execute(Cdbs.read16(10, 300)));
            for (int b = 0; b < 300; b++) {
                assertArrayEquals(block, Arrays.copyOfRange(back, b * 512, b * 512 + 512), "block " + b);
            }
            good(d.write(Cdbs.writeSame16(10, 300, 0x08), filled(512, 0xFF)));
            assertArrayEquals(new byte[300 * 512], bytes(d.execute(Cdbs.read16(10, 300))),
                    "UNMAP deallocates; LBPRZ blocks read as zeros");
            good(d.execute(Cdbs.writeSame16(8180, 0, 0x01)));
            assertArrayEquals(new byte[12 * 512], bytes(d.execute(Cdbs.read16(8180, 12))),
                    "0 blocks: to the end of the medium; NDOB: zeros without data-out");
        }
    }

    @Test
    void writeSameRefusals() throws IOException {
        try (Disk d = thin(64 * MIB)) {
            assertCheckCondition(d.write(Cdbs.writeSame16(0, 0, 0), new byte[512]), 0x05, 0x24, 0x00);
            assertCheckCondition(d.write(Cdbs.writeSame16(0, 0x10000, 0), new byte[512]), 0x05, 0x24, 0x00);
            assertCheckCondition(d.write(Cdbs.writeSame16(0, 1, 0x10), new byte[512]), 0x05, 0x24, 0x00);
            assertCheckCondition(d.write(Cdbs.writeSame16(0, 1, 0x18), new byte[512]), 0x05, 0x24, 0x00);
            assertCheckCondition(d.write(Cdbs.writeSame16(0, 1, 0x20), new byte[512]), 0x05, 0x24, 0x00);
            assertCheckCondition(d.write(Cdbs.writeSame16(0, 1, 0), new byte[256]), 0x05, 0x24, 0x00);
            assertCheckCondition(d.write(Cdbs.writeSame16(0, 1, 0), new byte[1024]), 0x05, 0x24, 0x00);
            assertCheckCondition(d.write(Cdbs.writeSame16(131_072, 1, 0), new byte[512]), 0x05, 0x21, 0x00);
            good(d.write(Cdbs.writeSame16(131_072 - 0xFFFF, 0, 0), new byte[512]));
        }
    }

    @Test
    void writeProtectionComesBeforeDataOutChecks() throws IOException {
        try (Disk d = Disk.sparse(dir, "ro.img", MIB, 512, IoMode.READ_ONLY, THIN)) {
            assertCheckCondition(d.execute(Cdbs.writeSame10(0, 1, 0x08)), 0x07, 0x27, 0x00);
            assertCheckCondition(d.write(Cdbs.unmap(24), Cdbs.unmapList(0, 8)), 0x07, 0x27, 0x00);
            assertCheckCondition(d.write(Cdbs.compareAndWrite(0, 1), new byte[1024]), 0x07, 0x27, 0x00);
            assertCheckCondition(d.write(Cdbs.orWrite(0, 1), new byte[512]), 0x07, 0x27, 0x00);
            assertCheckCondition(d.write(Cdbs.writeAtomic(0, 1), new byte[512]), 0x07, 0x27, 0x00);
            assertEquals(0x80, bytes(d.execute(Cdbs.modeSense6(0x3F)))[2] & 0x80, "WP");
        }
    }

    @Test
    void unmapOfALargeRangeShrinksTheFileOnDisk() throws IOException, InterruptedException {
        try (Disk d = thin(48 * MIB)) {
            for (int i = 0; i < 40; i++) {
                good(d.write(Cdbs.write16((long) i * 2048, 2048), filled(MIB, i + 1)));
            }
            d.store.flush();
            long written = allocatedBytes(d.file);
            good(d.write(Cdbs.unmap(24), Cdbs.unmapList(0, 40 * 2048)));
            d.store.flush();
            long after = allocatedBytes(d.file);
            assertTrue(written - after >= 39L * MIB, written + " -> " + after);
        }
    }

    private static long allocatedBytes(Path file) throws IOException, InterruptedException {
        Process stat = new ProcessBuilder("stat", "-c", "%b %B", file.toString()).start();
        String[] out = new String(stat.getInputStream().readAllBytes()).trim().split(" ");
        assertEquals(0, stat.waitFor());
        return Long.parseLong(out[0]) * Long.parseLong(out[1]);
    }
}
