package io.jiet.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiet.interop.harness.IetdConf;
import io.jiet.interop.harness.JietdProcess;
import io.jiet.interop.initiator.InitiatorSession;
import io.jiet.interop.initiator.LoginRequest;
import io.jiet.interop.initiator.ScsiResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * VMware-style ATS contention through the daemon: {@value #SESSIONS} sessions, each on its own thread, send a
 * COMPARE AND WRITE of the same block at the same moment, all comparing against the block's current contents and
 * each writing its own pattern. In every round exactly one must win (GOOD) and the others get MISCOMPARE, and the
 * block must then hold the winner's pattern entirely: never a mixture of two writes.
 */
class CompareAndWriteRaceTest {
    private static final String IQN = "iqn.2026-11.io.jiet:caw-race";
    private static final int SESSIONS = 4;
    private static final int ROUNDS = 60;
    private static final int BLOCK = 512;
    private static final long LBA = 77;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void exactlyOneWinnerPerRoundAndNeverTornData() throws Exception {
        String config = IetdConf.create().target(IQN)
                .fileioLun(0, IetdConf.sparseImage(dir, "caw.img", 8L << 20), "IOMode=wb").text();
        try (JietdProcess daemon = JietdProcess.start(dir, config)) {
            List<InitiatorSession> sessions = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(SESSIONS);
            try {
                for (int s = 0; s < SESSIONS; s++) {
                    InitiatorSession session = InitiatorSession.login(daemon.host(), daemon.port(),
                            LoginRequest.normal(IQN).withInitiatorName("iqn.2026-11.io.jiet:caw-" + s));
                    session.testUnitReady(0);
                    sessions.add(session);
                }
                InitiatorSession checker = sessions.getFirst();
                byte[] current = new byte[BLOCK];
                assertTrue(checker.write(0, ScsiCommands.write16(LBA, 1), current).good());
                CyclicBarrier start = new CyclicBarrier(SESSIONS);
                for (int round = 0; round < ROUNDS; round++) {
                    byte[] expected = current;
                    int r = round;
                    List<Future<ScsiResult>> results = new ArrayList<>();
                    for (int s = 0; s < SESSIONS; s++) {
                        InitiatorSession session = sessions.get(s);
                        byte[] data = new byte[2 * BLOCK];
                        System.arraycopy(expected, 0, data, 0, BLOCK);
                        System.arraycopy(pattern(r, s), 0, data, BLOCK, BLOCK);
                        results.add(pool.submit(() -> {
                            start.await();
                            return session.write(0, ScsiCommands.compareAndWrite(LBA, 1), data);
                        }));
                    }
                    int winner = -1;
                    for (int s = 0; s < SESSIONS; s++) {
                        ScsiResult result = results.get(s).get();
                        if (result.good()) {
                            assertEquals(-1, winner, "round " + round + ": two winners, " + winner + " and " + s);
                            winner = s;
                        } else {
                            assertEquals(ScsiCommands.SENSE_KEY_MISCOMPARE, result.senseKey(), result::toString);
                            assertEquals(0x1D00, result.additionalSense(), "MISCOMPARE DURING VERIFY OPERATION");
                        }
                    }
                    assertTrue(winner >= 0, "round " + round + ": nobody won");
                    ScsiResult read = checker.read(0, ScsiCommands.read16(LBA, 1), BLOCK);
                    assertTrue(read.good(), read::toString);
                    assertArrayEquals(pattern(round, winner), read.data(),
                            "round " + round + ": the block holds exactly the winner's data");
                    current = read.data();
                }
            } finally {
                pool.shutdownNow();
                for (InitiatorSession s : sessions) {
                    s.close();
                }
            }
        }
    }

    /** A block no other (round, session) produces, varying byte by byte so a torn mix is visible. */
    private static byte[] pattern(int round, int session) {
        byte[] b = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            b[i] = (byte) (round * 31 + session * 7 + i * 13 + 1);
        }
        b[0] = (byte) round;
        b[1] = (byte) session;
        return b;
    }
}
