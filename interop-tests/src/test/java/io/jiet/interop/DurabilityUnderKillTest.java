package io.jiet.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jiet.interop.harness.IetdConf;
import io.jiet.interop.harness.JietdProcess;
import io.jiet.interop.initiator.Cdb;
import io.jiet.interop.initiator.InitiatorSession;
import io.jiet.interop.initiator.LoginRequest;
import io.jiet.interop.initiator.ScsiResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Acknowledged writes survive SIGKILL of the daemon. Four sessions write 4 KiB chunks to a fileio LUN, each to
 * its own slots so every slot's write order is known; each chunk says which slot, generation and writer it is and
 * carries a CRC32C. At a random moment 0.5-3 s into the load the daemon's JVM is killed with SIGKILL; a new daemon
 * on the same ietd.conf must then read back, at every slot, an intact chunk (not torn) whose generation is at least
 * the last one the target promised was durable and at most the last one sent:
 * <ul>
 *   <li>IOMode=wt: every write is durable when GOOD comes back (SBC-3 §4.15, write cache disabled);</li>
 *   <li>IOMode=wb: a write is durable once a SYNCHRONIZE CACHE sent after its GOOD has itself returned GOOD
 *       (SBC-3 §5.22); each writer sends one every {@value #WRITES_PER_SYNC} writes.</li>
 * </ul>
 * A process kill leaves the kernel's page cache alone, so this catches a target that acknowledges data still held
 * inside its own process, not a missing fsync. The seed is printed; {@code -Djiet.durability.seed=N} replays it.
 */
class DurabilityUnderKillTest {
    private static final String IQN = "iqn.2026-11.io.jiet:durability";
    private static final int BLOCK = 512;
    private static final int CHUNK = 4096;
    private static final int BLOCKS_PER_CHUNK = CHUNK / BLOCK;
    private static final int WRITERS = 4;
    private static final int SLOTS_PER_WRITER = 256;
    private static final int SLOTS = WRITERS * SLOTS_PER_WRITER;
    /** Slot s lives at LBA FIRST_LBA + s * 8: the region does not start at LBA 0, away from any label. */
    private static final long FIRST_LBA = 2048;
    private static final int WRITES_PER_SYNC = 16;
    private static final int ROUNDS = 3;
    private static final int READ_CHUNKS = 64;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    enum Mode {
        WT("wt"), WB("wb");

        final String ioMode;

        Mode(String ioMode) {
            this.ioMode = ioMode;
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    @Timeout(value = 40, unit = TimeUnit.SECONDS)
    void acknowledgedWritesSurviveKillNine(Mode mode) throws Exception {
        long seed = Long.getLong("jiet.durability.seed", System.nanoTime());
        System.out.printf("durability %s: seed %d (-Djiet.durability.seed=%d replays it)%n", mode, seed, seed);
        Random random = new Random(seed ^ mode.ordinal());
        Path image = IetdConf.sparseImage(dir, "durability-" + mode.ioMode + ".img", 64L << 20);
        String config = IetdConf.create().target(IQN).fileioLun(0, image, "IOMode=" + mode.ioMode).text();
        Slots slots = new Slots();

        JietdProcess daemon = JietdProcess.start(dir, config);
        try {
            for (int round = 1; round <= ROUNDS; round++) {
                long loadMillis = 500 + random.nextInt(2501);
                Load load = Load.start(daemon, mode, slots, random.nextLong());
                Thread.sleep(loadMillis);
                load.killed();
                daemon.killNine();
                List<WriterOutcome> outcomes = load.join();

                daemon = JietdProcess.start(dir, config);
                Verification verified = verify(daemon, slots, mode);
                long acknowledged = outcomes.stream().mapToLong(WriterOutcome::acknowledged).sum();
                long syncs = outcomes.stream().mapToLong(WriterOutcome::syncs).sum();
                System.out.printf("durability %s round %d: killed after %d ms; writes acknowledged %d, in flight at"
                                + " kill %d, SYNCHRONIZE CACHE %d; verified %d chunks (%d written, %d newer than"
                                + " acknowledged, %d acknowledged but not yet synchronized and not read back)%n",
                        mode, round, loadMillis, acknowledged, verified.inFlight(), syncs, SLOTS, verified.written(),
                        verified.inFlightLanded(), verified.unsynchronizedLost());
                assertTrue(acknowledged > 0, "no write was acknowledged in " + loadMillis + " ms\n" + daemon.logTail());
                if (mode == Mode.WB) {
                    assertTrue(syncs > 0 || acknowledged < WRITES_PER_SYNC * WRITERS,
                            "no SYNCHRONIZE CACHE completed though enough writes were acknowledged");
                }
            }
        } finally {
            daemon.close();
        }
    }

    /** The oracle itself: a chunk whose sectors come from two generations is reported as torn, not as either. */
    @Test
    void chunkMixingTwoGenerationsIsTorn() {
        long lba = lbaOf(5);
        byte[] older = new ChunkImage(lba, 7, writerOf(5)).encode();
        byte[] newer = new ChunkImage(lba, 8, writerOf(5)).encode();
        assertEquals(8, ChunkImage.generationIn(newer, lba, writerOf(5)));
        assertEquals(0, ChunkImage.generationIn(new byte[CHUNK], lba, writerOf(5)));
        byte[] torn = newer.clone();
        System.arraycopy(older, 0, torn, 0, 3 * BLOCK);
        AssertionError e = assertThrows(AssertionError.class, () -> ChunkImage.generationIn(torn, lba, writerOf(5)));
        assertTrue(e.getMessage().contains("torn"), e::getMessage);
        assertThrows(AssertionError.class, () -> ChunkImage.generationIn(newer, lba + BLOCKS_PER_CHUNK, writerOf(5)),
                "a chunk at the wrong LBA");
    }

    /**
     * Reads every slot back through a fresh session and checks it against what was sent and acknowledged; then
     * makes what it read durable (SYNCHRONIZE CACHE) and the new baseline for the next round.
     */
    private static Verification verify(JietdProcess daemon, Slots slots, Mode mode) throws IOException {
        int written = 0;
        int inFlightLanded = 0;
        int unsynchronizedLost = 0;
        int inFlight = 0;
        long[] observed = new long[SLOTS];
        try (InitiatorSession reader = login(daemon, "iqn.2026-11.io.jiet:durability-reader")) {
            assertEquals(ScsiResult.GOOD, reader.testUnitReady(0).status(), daemon::logTail);
            for (int first = 0; first < SLOTS; first += READ_CHUNKS) {
                ScsiResult read = reader.read(0, Cdb.read10(lbaOf(first), READ_CHUNKS * BLOCKS_PER_CHUNK),
                        READ_CHUNKS * CHUNK);
                assertEquals(ScsiResult.GOOD, read.status(), () -> read + "\n" + daemon.logTail());
                for (int i = 0; i < READ_CHUNKS; i++) {
                    int slot = first + i;
                    byte[] chunk = Arrays.copyOfRange(read.data(), i * CHUNK, (i + 1) * CHUNK);
                    observed[slot] = ChunkImage.generationIn(chunk, lbaOf(slot), writerOf(slot));
                }
            }
            for (int slot = 0; slot < SLOTS; slot++) {
                long got = observed[slot];
                long floor = mode == Mode.WB ? slots.synchronizedGeneration[slot] : slots.acknowledged[slot];
                long sent = slots.sent[slot];
                int s = slot;
                assertTrue(got >= floor, () -> "slot " + s + " (LBA " + lbaOf(s) + ") lost a durable write: read"
                        + " generation " + got + ", but generation " + floor + " was acknowledged"
                        + (mode == Mode.WB ? " and synchronized" : "") + "; last sent " + sent);
                assertTrue(got <= sent, () -> "slot " + s + " holds generation " + got + ", never sent (last " + sent + ")");
                written += got > 0 ? 1 : 0;
                inFlight += sent > slots.acknowledged[slot] ? 1 : 0;
                inFlightLanded += got > slots.acknowledged[slot] ? 1 : 0;
                unsynchronizedLost += got < slots.acknowledged[slot] ? 1 : 0;
            }
            // The page cache survived the kill; SYNCHRONIZE CACHE makes what was read the durable baseline.
            ScsiResult sync = reader.command(0, ScsiCommands.synchronizeCache());
            assertEquals(ScsiResult.GOOD, sync.status(), sync::toString);
            reader.logout();
        }
        slots.rebase(observed);
        return new Verification(written, inFlight, inFlightLanded, unsynchronizedLost);
    }

    private record Verification(int written, int inFlight, int inFlightLanded, int unsynchronizedLost) {
    }

    private static long lbaOf(int slot) {
        return FIRST_LBA + (long) slot * BLOCKS_PER_CHUNK;
    }

    private static int writerOf(int slot) {
        return slot % WRITERS;
    }

    private static InitiatorSession login(JietdProcess daemon, String initiatorName) throws IOException {
        return InitiatorSession.login(daemon.host(), daemon.port(),
                LoginRequest.normal(IQN).withInitiatorName(initiatorName));
    }

    /**
     * Per slot: the highest generation sent, the last acknowledged (GOOD), and the last made durable by a GOOD
     * SYNCHRONIZE CACHE. Threading: writer {@code w} alone touches the slots {@code s % WRITERS == w} while a load
     * runs; the test thread reads them only after joining the writers (Future.get orders the accesses).
     */
    private static final class Slots {
        final long[] sent = new long[SLOTS];
        final long[] acknowledged = new long[SLOTS];
        final long[] synchronizedGeneration = new long[SLOTS];

        /** After a verified restart: what was read back is on the medium, durable, and the next round's start. */
        void rebase(long[] observed) {
            for (int slot = 0; slot < SLOTS; slot++) {
                acknowledged[slot] = observed[slot];
                synchronizedGeneration[slot] = observed[slot];
                // sent[] keeps its maximum: the next generation must exceed anything that was ever sent.
            }
        }
    }

    private record WriterOutcome(long acknowledged, long syncs) {
    }

    /**
     * The writers of one round. Threading: {@link #killed} is called by the test thread just before SIGKILL, so a
     * writer that then loses its connection ends quietly; an error before that fails the round.
     */
    private static final class Load {
        private final ExecutorService pool;
        private final List<Future<WriterOutcome>> writers = new ArrayList<>();
        private volatile boolean killed;

        private Load(ExecutorService pool) {
            this.pool = pool;
        }

        static Load start(JietdProcess daemon, Mode mode, Slots slots, long seed) throws IOException {
            Load load = new Load(Executors.newFixedThreadPool(WRITERS));
            List<InitiatorSession> sessions = new ArrayList<>();
            try {
                for (int w = 0; w < WRITERS; w++) {
                    InitiatorSession session = login(daemon, "iqn.2026-11.io.jiet:durability-writer-" + w);
                    sessions.add(session);
                    assertEquals(ScsiResult.GOOD, session.testUnitReady(0).status(), daemon::logTail);
                }
            } catch (IOException | RuntimeException | Error e) {
                sessions.forEach(InitiatorSession::close);
                load.pool.shutdownNow();
                throw e;
            }
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                InitiatorSession session = sessions.get(w);
                SplittableRandom random = new SplittableRandom(seed + w);
                load.writers.add(load.pool.submit(() -> load.write(session, writer, mode, slots, random)));
            }
            return load;
        }

        void killed() {
            killed = true;
        }

        List<WriterOutcome> join() throws Exception {
            List<WriterOutcome> outcomes = new ArrayList<>();
            try {
                for (Future<WriterOutcome> writer : writers) {
                    outcomes.add(writer.get(30, TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
            }
            return outcomes;
        }

        private WriterOutcome write(InitiatorSession session, int writer, Mode mode, Slots slots,
                                    SplittableRandom random) throws IOException {
            long acknowledged = 0;
            long syncs = 0;
            try (session) {
                while (true) {
                    int slot = writer + WRITERS * random.nextInt(SLOTS_PER_WRITER);
                    long generation = slots.sent[slot] + 1;
                    slots.sent[slot] = generation;
                    ScsiResult result = session.write(0, Cdb.write10(lbaOf(slot), BLOCKS_PER_CHUNK),
                            new ChunkImage(lbaOf(slot), generation, writer).encode());
                    if (!result.good()) {
                        fail("WRITE(10) of slot " + slot + " generation " + generation + ": " + result);
                    }
                    slots.acknowledged[slot] = generation;
                    acknowledged++;
                    if (mode == Mode.WB && acknowledged % WRITES_PER_SYNC == 0) {
                        // One task at a time per session: every write of this writer acknowledged so far was
                        // acknowledged before this command was sent, and none is acknowledged while it runs.
                        ScsiResult sync = session.command(0, ScsiCommands.synchronizeCache());
                        if (!sync.good()) {
                            fail("SYNCHRONIZE CACHE: " + sync);
                        }
                        for (int own = writer; own < SLOTS; own += WRITERS) {
                            slots.synchronizedGeneration[own] = slots.acknowledged[own];
                        }
                        syncs++;
                    }
                }
            } catch (IOException lost) {
                if (!killed) {
                    throw lost;
                }
                return new WriterOutcome(acknowledged, syncs);
            }
        }
    }

    /**
     * One slot's 4 KiB. Every 512-byte sector starts with magic "JIET", the chunk's LBA, generation, writer and
     * the sector's index, then filler derived from them; the chunk's last 4 bytes are a CRC32C of the rest, so a
     * chunk made of sectors from different generations (torn) or of stray bytes fails the check.
     */
    record ChunkImage(long lba, long generation, int writer) {
        private static final int MAGIC = 0x4A494554;
        private static final int HEADER = 28;

        byte[] encode() {
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
            SplittableRandom filler = new SplittableRandom(lba * 1_000_003L + generation);
            for (int sector = 0; sector < BLOCKS_PER_CHUNK; sector++) {
                chunk.putInt(MAGIC).putLong(lba).putLong(generation).putInt(writer).putInt(sector);
                for (int i = HEADER; i < BLOCK; i++) {
                    chunk.put((byte) filler.nextInt());
                }
            }
            chunk.putInt(CHUNK - 4, crc(chunk.array()));
            return chunk.array();
        }

        /** The generation a chunk read back holds: 0 if never written, else checked as described on the class. */
        static long generationIn(byte[] chunk, long expectedLba, int expectedWriter) {
            if (Arrays.equals(chunk, new byte[CHUNK])) {
                return 0;
            }
            ByteBuffer b = ByteBuffer.wrap(chunk);
            long generation = b.getLong(12);
            ChunkImage image = new ChunkImage(expectedLba, generation, expectedWriter);
            if (b.getInt(CHUNK - 4) != crc(chunk) || !Arrays.equals(chunk, image.encode())) {
                throw new AssertionError("chunk at LBA " + expectedLba + " is torn or corrupt: " + sectors(b));
            }
            return generation;
        }

        private static int crc(byte[] chunk) {
            CRC32C crc = new CRC32C();
            crc.update(chunk, 0, CHUNK - 4);
            return (int) crc.getValue();
        }

        private static String sectors(ByteBuffer b) {
            StringBuilder s = new StringBuilder();
            for (int sector = 0; sector < BLOCKS_PER_CHUNK; sector++) {
                int at = sector * BLOCK;
                s.append(String.format("%n  sector %d: magic %08x lba %d generation %d writer %d index %d", sector,
                        b.getInt(at), b.getLong(at + 4), b.getLong(at + 12), b.getInt(at + 20), b.getInt(at + 24)));
            }
            return s.toString();
        }
    }
}
