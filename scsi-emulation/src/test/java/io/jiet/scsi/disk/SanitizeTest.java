package io.jiet.scsi.disk;

import static io.jiet.scsi.SenseAssertions.assertCheckCondition;
import static io.jiet.scsi.SenseAssertions.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiet.backstore.IoMode;
import io.jiet.scsi.ScsiRequest;
import io.jiet.scsi.ScsiResult;
import io.jiet.scsi.ScsiStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SANITIZE: the operations, the parameter rules, and the unit's behaviour while one runs. */
class SanitizeTest {

    private static final int OVERWRITE = 0x01;
    private static final int BLOCK_ERASE = 0x02;
    private static final int CRYPTO_ERASE = 0x03;
    private static final int EXIT_FAILURE_MODE = 0x1F;
    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    private Disk thin(long bytes, long pace) throws IOException {
        return Disk.sparse(dir, "s.img", bytes, 512, IoMode.WRITE_BACK,
                DiskLogicalUnit.Options.defaults().withThinProvisioning(true).withSanitizeBytesPerSecond(pace));
    }

    /** SBC-3 table 96: OVERWRITE COUNT in byte 0, then the pattern's length and the pattern. */
    private static byte[] overwriteList(int count, byte[] pattern) {
        return ByteBuffer.allocate(4 + pattern.length).put((byte) count).put((byte) 0)
                .putShort((short) pattern.length).put(pattern).array();
    }

    @Test
    void overwriteWritesThePatternEverywhere() throws IOException {
        try (Disk d = thin(MIB, 1L << 40)) {
            byte[] list = overwriteList(1, new byte[] {1, 2, 3});
            assertEquals(ScsiStatus.GOOD, d.write(Cdbs.sanitize(OVERWRITE, false, list.length), list).status());
            byte[] block = bytes(d.execute(Cdbs.read16(2047, 1)));
            for (int i = 0; i < 512; i++) {
                assertEquals(i % 3 + 1, block[i], "byte " + i + ": the pattern repeats from each block's start");
            }
            byte[] twice = overwriteList(0x80 | 2, new byte[] {0x0F});
            assertEquals(ScsiStatus.GOOD, d.write(Cdbs.sanitize(OVERWRITE, false, twice.length), twice).status());
            assertEquals((byte) 0xF0, bytes(d.execute(Cdbs.read16(0, 1)))[0], "INVERT: the second pass is inverted");
        }
    }

    @Test
    void eraseDeallocatesEverything() throws IOException {
        try (Disk d = thin(MIB, 1L << 40)) {
            d.write(Cdbs.write16(0, 64), new byte[64 * 512]);
            for (int sa : new int[] {BLOCK_ERASE, CRYPTO_ERASE}) {
                assertEquals(ScsiStatus.GOOD, d.write(Cdbs.write16(5, 1), filled(0x55)).status());
                assertEquals(ScsiStatus.GOOD, d.execute(Cdbs.sanitize(sa, false, 0)).status());
                assertArrayEquals(new byte[512], bytes(d.execute(Cdbs.read16(5, 1))));
                ByteBuffer status = ByteBuffer.wrap(bytes(d.execute(Cdbs.getLbaStatus(0, 24))));
                assertEquals(1, status.get(20) & 0x0F, "deallocated");
            }
        }
    }

    @Test
    void parameterAndCdbChecks() throws IOException {
        try (Disk d = thin(MIB, 1L << 40)) {
            byte[] ok = overwriteList(1, new byte[512]);
            for (int length : new int[] {0, 4, 517}) {
                byte[] padded = new byte[Math.max(length, 1)];
                assertCheckCondition(d.write(Cdbs.sanitize(OVERWRITE, false, length), padded), 0x05, 0x24, 0x00);
            }
            assertCheckCondition(d.write(Cdbs.sanitize(OVERWRITE, false, ok.length), overwriteList(0, new byte[512])),
                    0x05, 0x26, 0x00);
            byte[] noPattern = ByteBuffer.allocate(516).put((byte) 1).array();
            assertCheckCondition(d.write(Cdbs.sanitize(OVERWRITE, false, 516), noPattern), 0x05, 0x26, 0x00);
            assertCheckCondition(d.write(Cdbs.sanitize(BLOCK_ERASE, false, 8), new byte[8]), 0x05, 0x24, 0x00);
            assertCheckCondition(d.write(Cdbs.sanitize(EXIT_FAILURE_MODE, false, 8), new byte[8]), 0x05, 0x24, 0x00);
            for (int sa : new int[] {0x00, 0x04, 0x1E}) {
                assertCheckCondition(d.execute(Cdbs.sanitize(sa, false, 0)), 0x05, 0x24, 0x00);
            }
            byte[] reserved = Cdbs.sanitize(OVERWRITE, false, ok.length);
            reserved[1] |= 0x40;
            assertCheckCondition(d.write(reserved, ok), 0x05, 0x24, 0x00);
            for (int i = 2; i <= 6; i++) {
                byte[] c = Cdbs.sanitize(OVERWRITE, false, ok.length);
                c[i] = 1;
                assertCheckCondition(d.write(c, ok), 0x05, 0x24, 0x00);
            }
            assertEquals(ScsiStatus.GOOD, d.execute(Cdbs.sanitize(EXIT_FAILURE_MODE, false, 0)).status());
        }
    }

    @Test
    void aRunningSanitizeMakesTheUnitNotReadyWithProgressButAnswersInquiry() throws Exception {
        try (Disk d = thin(4 * MIB, 2L * MIB)) {
            byte[] list = overwriteList(1, new byte[] {7});
            assertEquals(ScsiStatus.GOOD, d.write(Cdbs.sanitize(OVERWRITE, true, list.length), list).status(),
                    "IMMED: status at once");
            Thread.sleep(300);
            byte[] sense = assertCheckCondition(d.execute(Cdbs.testUnitReady()), 0x02, 0x04, 0x1B);
            assertEquals(0x80, sense[15] & 0x80, "SKSV: a progress indication");
            assertCheckCondition(d.execute(Cdbs.read16(0, 1)), 0x02, 0x04, 0x1B);
            assertEquals(ScsiStatus.GOOD, d.execute(new byte[] {0x12, 0, 0, 0, 96, 0}).status());
            byte[] requested = bytes(d.execute(Cdbs.requestSense(false)));
            assertEquals(0x02, requested[2] & 0x0F, "REQUEST SENSE reports NOT READY");
            int progress = (requested[16] & 0xFF) << 8 | requested[17] & 0xFF;
            assertTrue(progress > 0 && progress < 0xFFFF, "some progress: " + progress);
            d.unit.logicalUnitReset(Disk.NEXUS);
            assertCheckCondition(d.execute(Cdbs.testUnitReady()), 0x06, 0x29, 0x03);
            assertCheckCondition(d.execute(Cdbs.testUnitReady()), 0x02, 0x04, 0x1B);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (d.execute(Cdbs.testUnitReady()).status() != ScsiStatus.GOOD) {
                assertTrue(System.nanoTime() < deadline, "the sanitize ends");
                Thread.sleep(100);
            }
            assertEquals(7, bytes(d.execute(Cdbs.read16(8191, 1)))[511]);
        }
    }

    @Test
    void cancellingAWaitingSanitizeReturnsAtOnceAndTheWorkGoesOn() throws Exception {
        try (Disk d = thin(4 * MIB, 2L * MIB)) {
            byte[] list = overwriteList(1, new byte[] {9});
            ScsiRequest request = new ScsiRequest(Disk.NEXUS, 0L, Cdbs.sanitize(OVERWRITE, false, list.length),
                    ByteBuffer.wrap(list), 0);
            CompletableFuture<ScsiResult> waiting = CompletableFuture.supplyAsync(() -> d.unit.execute(request));
            Thread.sleep(300);
            assertTrue(!waiting.isDone(), "without IMMED the command waits for the operation");
            d.unit.cancel(request);
            assertEquals(ScsiStatus.TASK_ABORTED, waiting.get().status());
            assertCheckCondition(d.execute(Cdbs.testUnitReady()), 0x02, 0x04, 0x1B);
        }
    }

    @Test
    void aFullyProvisionedUnitOffersOnlyOverwrite() throws IOException {
        try (Disk d = Disk.sparse(dir, "full.img", MIB, 512, IoMode.WRITE_BACK, DiskLogicalUnit.Options.defaults())) {
            assertCheckCondition(d.execute(Cdbs.sanitize(BLOCK_ERASE, false, 0)), 0x05, 0x24, 0x00);
            assertCheckCondition(d.execute(Cdbs.sanitize(CRYPTO_ERASE, false, 0)), 0x05, 0x24, 0x00);
            assertEquals(0, bytes(d.execute(Cdbs.inquiryVpd(0xB1)))[7], "no WABEREQ/WACEREQ");
        }
    }

    private static byte[] filled(int value) {
        byte[] b = new byte[512];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }
}
