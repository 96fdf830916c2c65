package io.jiet.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiet.interop.harness.IetdConf;
import io.jiet.interop.harness.JietdProcess;
import io.jiet.interop.initiator.Cdb;
import io.jiet.interop.initiator.InitiatorSession;
import io.jiet.interop.initiator.LoginRequest;
import io.jiet.interop.initiator.ScsiResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Persistent reservations with APTPL survive the daemon being killed with SIGKILL (SPC-4 §5.13.5): a registration
 * and a Write Exclusive reservation made with APTPL=1 on LUN 0 are there after a restart (keys, PRgeneration,
 * holder key and type), and still keep an unregistered initiator from writing; the same made with APTPL=0 on LUN 1
 * are gone, as after any power loss.
 */
class PersistentReservationRestartTest {
    private static final String IQN = "iqn.2026-11.io.jiet:pr-restart";
    private static final long KEY = 0x1122_3344_5566_7788L;
    private static final int REGISTER_AND_IGNORE_EXISTING_KEY = 0x06;
    private static final int RESERVE = 0x01;
    private static final int READ_KEYS = 0x00;
    private static final int READ_RESERVATION = 0x01;
    private static final int WRITE_EXCLUSIVE = 0x01;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void aptplStateSurvivesKillNine() throws IOException {
        Path image = IetdConf.sparseImage(dir, "pr.img", 16L << 20);
        Path other = IetdConf.sparseImage(dir, "volatile.img", 16L << 20);
        String config = IetdConf.create().target(IQN).fileioLun(0, image).fileioLun(1, other).text();

        JietdProcess first = JietdProcess.start(dir, config);
        byte[] keysBefore;
        try (InitiatorSession owner = login(first, "iqn.2026-11.io.jiet:pr-owner")) {
            assertGood(owner.write(0, ScsiCommands.persistentReserveOut(REGISTER_AND_IGNORE_EXISTING_KEY, 0),
                    ScsiCommands.persistentReserveOutParameters(0, KEY, true)));
            assertGood(owner.write(0, ScsiCommands.persistentReserveOut(RESERVE, WRITE_EXCLUSIVE),
                    ScsiCommands.persistentReserveOutParameters(KEY, 0, false)));
            assertGood(owner.write(1, ScsiCommands.persistentReserveOut(REGISTER_AND_IGNORE_EXISTING_KEY, 0),
                    ScsiCommands.persistentReserveOutParameters(0, KEY, false)));
            keysBefore = readKeys(owner, 0);
            assertEquals(1, keyCount(readKeys(owner, 1)));
        }
        Path stateDir = image.getParent().resolve(".jiet-state");
        try (Stream<Path> files = Files.list(stateDir)) {
            assertEquals(1, files.filter(p -> p.getFileName().toString().endsWith(".state")).count(),
                    "one APTPL state file, for LUN 0 only");
        }
        first.killNine();

        JietdProcess second = JietdProcess.start(dir, config);
        try (InitiatorSession stranger = login(second, "iqn.2026-11.io.jiet:pr-stranger")) {
            assertArrayEquals(keysBefore, readKeys(stranger, 0), "PRgeneration and keys as before the kill");
            byte[] reservation = readReservation(stranger, 0);
            assertEquals(16, ByteBuffer.wrap(reservation).getInt(4), "a reservation is held");
            assertEquals(KEY, ByteBuffer.wrap(reservation).getLong(8), "by the registered key");
            assertEquals(WRITE_EXCLUSIVE, reservation[21] & 0x0F, "Write Exclusive");

            ScsiResult write = stranger.write(0, Cdb.write10(0, 1), new byte[512]);
            assertEquals(ScsiCommands.RESERVATION_CONFLICT, write.status(), write::toString);
            assertGood(stranger.read(0, Cdb.read10(0, 1), 512));

            assertEquals(0, keyCount(readKeys(stranger, 1)), "without APTPL the registration died with the process");
            assertGood(stranger.write(1, Cdb.write10(0, 1), new byte[512]));
        } finally {
            second.close();
        }
    }

    private static InitiatorSession login(JietdProcess daemon, String initiator) throws IOException {
        InitiatorSession session = InitiatorSession.login(daemon.host(), daemon.port(),
                LoginRequest.normal(IQN).withInitiatorName(initiator));
        session.testUnitReady(0);
        return session;
    }

    private static byte[] readKeys(InitiatorSession session, int lun) throws IOException {
        ScsiResult r = session.read(lun, ScsiCommands.persistentReserveIn(READ_KEYS, 512), 512);
        assertGood(r);
        return r.data();
    }

    private static byte[] readReservation(InitiatorSession session, int lun) throws IOException {
        ScsiResult r = session.read(lun, ScsiCommands.persistentReserveIn(READ_RESERVATION, 512), 512);
        assertGood(r);
        return r.data();
    }

    private static int keyCount(byte[] readKeys) {
        return ByteBuffer.wrap(readKeys).getInt(4) / 8;
    }

    private static void assertGood(ScsiResult r) {
        assertTrue(r.good(), r::toString);
    }
}
