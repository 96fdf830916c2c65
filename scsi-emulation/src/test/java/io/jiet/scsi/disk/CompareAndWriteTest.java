package io.jiet.scsi.disk;

import static io.jiet.scsi.SenseAssertions.assertCheckCondition;
import static io.jiet.scsi.SenseAssertions.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiet.backstore.IoMode;
import io.jiet.scsi.ItNexus;
import io.jiet.scsi.ScsiResult;
import io.jiet.scsi.ScsiStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** COMPARE AND WRITE, ORWRITE and WRITE ATOMIC: data rules, sense, and atomicity under contention. */
class CompareAndWriteTest {

    @TempDir
    Path dir;

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        return ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
    }

    @Test
    void matchingDataIsReplacedAndAMismatchChangesNothing() throws IOException {
        try (Disk d = Disk.onFile(dir, 64, 512, IoMode.WRITE_BACK)) {
            byte[] old = bytes(d.execute(Cdbs.read16(3, 2)));
            ScsiResult ok = d.write(Cdbs.compareAndWrite(3, 2), concat(old, filled(1024, 0xB0)));
            assertEquals(ScsiStatus.GOOD, ok.status());
            assertEquals(2048, ok.transferLength(), "verify and write data, both counted");
            assertArrayEquals(filled(1024, 0xB0), bytes(d.execute(Cdbs.read16(3, 2))));

            byte[] verify = filled(1024, 0xB0);
            verify[700] = 1;
            byte[] s = assertCheckCondition(d.write(Cdbs.compareAndWrite(3, 2), concat(verify, filled(1024, 0xC0))),
                    0x0E, 0x1D, 0x00);
            assertEquals(0x80, s[0] & 0x80, "VALID");
            assertEquals(700, ByteBuffer.wrap(s, 3, 4).getInt(), "INFORMATION: offset of the first difference");
            assertArrayEquals(filled(1024, 0xB0), bytes(d.execute(Cdbs.read16(3, 2))), "nothing written");
        }
    }

    @Test
    void dataOutMustBeTwiceTheBlocks() throws IOException {
        try (Disk d = Disk.onFile(dir, 64, 512, IoMode.WRITE_BACK)) {
            byte[] sense = assertCheckCondition(d.write(Cdbs.compareAndWrite(0, 1), new byte[2048]), 0x05, 0x24, 0x00);
            assertEquals(13, sense[17], "field pointer: NUMBER OF LOGICAL BLOCKS");
            assertCheckCondition(d.write(Cdbs.compareAndWrite(0, 2), new byte[1024]), 0x05, 0x24, 0x00);
            // libiscsi's 256-block request wraps the 8-bit field to 0 but still sends 2 x 256 blocks.
            assertCheckCondition(d.write(Cdbs.compareAndWrite(0, 0), new byte[2 * 256 * 512]), 0x05, 0x24, 0x00);
            assertEquals(ScsiStatus.GOOD, d.execute(Cdbs.compareAndWrite(0, 0)).status(), "0 blocks, no data: a no-op");
            assertCheckCondition(d.write(Cdbs.compareAndWrite(63, 2), new byte[2048]), 0x05, 0x21, 0x00);
            byte[] protect = Cdbs.compareAndWrite(0, 1);
            protect[1] = 0x20;
            assertCheckCondition(d.write(protect, new byte[1024]), 0x05, 0x24, 0x00);
        }
    }

    @Test
    void orWriteOrsIntoTheMediumAndWriteAtomicWrites() throws IOException {
        try (Disk d = Disk.onFile(dir, 64, 512, IoMode.WRITE_BACK)) {
            assertEquals(ScsiStatus.GOOD, d.write(Cdbs.write16(5, 1), filled(512, 0x0F)).status());
            assertEquals(ScsiStatus.GOOD, d.write(Cdbs.orWrite(5, 1), filled(512, 0xA0)).status());
            assertArrayEquals(filled(512, 0xAF), bytes(d.execute(Cdbs.read16(5, 1))));
            assertEquals(ScsiStatus.GOOD, d.write(Cdbs.writeAtomic(6, 2), filled(1024, 0x5C)).status());
            assertArrayEquals(filled(1024, 0x5C), bytes(d.execute(Cdbs.read16(6, 2))));
            byte[] boundary = Cdbs.writeAtomic(6, 2);
            boundary[11] = 1;
            assertCheckCondition(d.write(boundary, filled(1024, 0)), 0x05, 0x24, 0x00);
        }
    }

    /**
     * Eight threads race COMPARE AND WRITE on one block, each comparing with the current contents, for many
     * rounds; plain WRITEs of a neighbouring block run alongside. Each round has exactly one winner, and the
     * block then holds exactly its data.
     */
    @Test
    void racingCompareAndWritesHaveOneWinnerAndNeverTearTheBlock() throws Exception {
        int threads = 8;
        int rounds = 300;
        try (Disk d = Disk.onFile(dir, 64, 512, IoMode.WRITE_BACK)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
            try {
                byte[] current = bytes(d.execute(Cdbs.read16(9, 1)));
                CyclicBarrier start = new CyclicBarrier(threads + 1);
                for (int round = 0; round < rounds; round++) {
                    List<Future<ScsiResult>> results = new ArrayList<>();
                    for (int t = 0; t < threads; t++) {
                        byte[] data = concat(current, pattern(round, t));
                        ItNexus nexus = new ItNexus("iqn.x:i" + t + ",i,0x" + t, "iqn.x:t,t,0x1", 1, 1);
                        results.add(pool.submit(() -> {
                            start.await();
                            return d.write(nexus, Cdbs.compareAndWrite(9, 1), data);
                        }));
                    }
                    Future<?> neighbour = pool.submit(() -> {
                        start.await();
                        return d.write(Cdbs.write16(8, 1), filled(512, 0x11));
                    });
                    int winner = -1;
                    for (int t = 0; t < threads; t++) {
                        ScsiResult r = results.get(t).get();
                        if (r.status() == ScsiStatus.GOOD) {
                            assertEquals(-1, winner, "round " + round + ": a second winner");
                            winner = t;
                        } else {
                            assertCheckCondition(r, 0x0E, 0x1D, 0x00);
                        }
                    }
                    neighbour.get();
                    assertTrue(winner >= 0, "round " + round + ": no winner");
                    current = bytes(d.execute(Cdbs.read16(9, 1)));
                    assertArrayEquals(pattern(round, winner), current, "round " + round);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static byte[] pattern(int round, int thread) {
        byte[] b = new byte[512];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (round * 17 + thread * 101 + i * 7);
        }
        b[0] = (byte) round;
        b[1] = (byte) (round >>> 8);
        b[2] = (byte) thread;
        return b;
    }
}
