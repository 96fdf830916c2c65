package io.jiet.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiet.interop.harness.IetdConf;
import io.jiet.interop.harness.JietdProcess;
import io.jiet.interop.initiator.InitiatorSession;
import io.jiet.interop.initiator.LoginRequest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's process contract: it serves, SIGTERM ends it with status 0, a bad file ends it with status 2. */
class DaemonLifecycleTest {
    private static final String IQN = "iqn.2026-11.io.jiet:lifecycle";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void sigtermWithALoggedInSessionExitsZero() throws Exception {
        String config = IetdConf.create().target(IQN)
                .fileioLun(0, IetdConf.sparseImage(dir, "lun0.img", 16L << 20)).text();
        JietdProcess daemon = JietdProcess.start(dir, config);
        try (InitiatorSession session = InitiatorSession.login(daemon.host(), daemon.port(), LoginRequest.normal(IQN))) {
            assertEquals(0, session.testUnitReady(0).status(), daemon::logTail);
            // The session stays open: shutdown must not wait for initiators to log out.
            int status = daemon.stop();
            assertEquals(0, status, () -> "exit status after SIGTERM\n" + daemon.logTail());
        } finally {
            daemon.stop();
        }
    }

    @Test
    void badConfigurationExitsTwoNamingFileAndLine() {
        String config = "# line 1\nTarget " + IQN + "\n    MaxRecvDataSegmentLength banana\n";
        JietdProcess.Exit exit = JietdProcess.runUntilExit(dir, config, Duration.ofSeconds(20));
        assertEquals(2, exit.exitCode(), () -> "exit status for an invalid number\n" + exit.output());
        assertTrue(exit.output().contains("ietd.conf:3:"),
                () -> "expected a FILE:LINE: message pointing at line 3\n" + exit.output());
    }

    /** A LUN that cannot be opened is a configuration mistake too: its Lun line, the reason, status 2. */
    @Test
    void aLunThatCannotBeOpenedExitsTwoNamingItsLine() {
        String config = "Target " + IQN + "\n    Lun 0 Path=" + dir.resolve("lun0.img") + ",Type=fileio\n"
                + "    Lun 1 Path=" + dir.resolve("missing.img") + ",Type=fileio\n";
        IetdConf.sparseImage(dir, "lun0.img", 1L << 20);
        JietdProcess.Exit exit = JietdProcess.runUntilExit(dir, config, Duration.ofSeconds(20));
        assertEquals(2, exit.exitCode(), () -> "exit status for a missing backing file\n" + exit.output());
        assertTrue(exit.output().contains("ietd.conf:3: cannot open LUN 1"),
                () -> "expected FILE:LINE: of the Lun line\n" + exit.output());
        assertTrue(exit.output().contains("missing.img"), exit::output);
    }
}
