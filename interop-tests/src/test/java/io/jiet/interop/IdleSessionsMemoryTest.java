package io.jiet.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiet.interop.harness.IetdConf;
import io.jiet.interop.harness.JietdProcess;
import io.jiet.interop.initiator.InitiatorSession;
import io.jiet.interop.initiator.LoginRequest;
import io.jiet.interop.initiator.ScsiResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thousand idle logged-in sessions cost the daemon little memory: with bin/jietd's default JVM settings its
 * resident set stays under 512 MiB. Each session has its own initiator name (and a random ISID), stays connected
 * and idle while the JVM's VmRSS is read from {@code /proc/PID/status}, and answers a TEST UNIT READY afterwards,
 * which proves all of them were still logged in. NOPInterval is left at IET's default 0, so the target sends no
 * pings that the idle initiator would leave unanswered.
 */
class IdleSessionsMemoryTest {
    private static final String IQN = "iqn.2026-11.io.jiet:idle-sessions";
    private static final int SESSIONS = 1000;
    private static final int LOGIN_THREADS = 4;
    private static final long RSS_LIMIT_KIB = 512L * 1024;
    /** Descriptors a JVM needs besides the sockets: jars, epoll, pipes, the log. */
    private static final int DESCRIPTOR_MARGIN = 256;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void thousandIdleSessionsStayUnder512MiB() throws Exception {
        long openFiles = openFilesLimit();
        // RLIMIT_NOFILE is per process and the daemon inherits this JVM's: each side needs one socket per session.
        Assumptions.assumeTrue(openFiles >= SESSIONS + DESCRIPTOR_MARGIN, "open-files limit (ulimit -n) is "
                + openFiles + "; " + SESSIONS + " sessions need at least " + (SESSIONS + DESCRIPTOR_MARGIN)
                + " in this JVM and in the daemon, which inherits it");
        String config = IetdConf.create().target(IQN)
                .fileioLun(0, IetdConf.sparseImage(dir, "lun0.img", 16L << 20)).text();

        List<InitiatorSession> sessions = new ArrayList<>();
        try (JietdProcess daemon = JietdProcess.start(dir, config)) {
            String command = ProcessHandle.of(daemon.pid()).flatMap(p -> p.info().command()).orElse("?");
            assertTrue(command.endsWith("/java"), "the started process is the daemon's JVM, not " + command);
            try (InitiatorSession warmUp = login(daemon, -1)) {
                assertEquals(ScsiResult.GOOD, warmUp.testUnitReady(0).status(), daemon::logTail);
                warmUp.logout();
            }
            long before = rssKib(daemon.pid());

            long started = System.nanoTime();
            loginAll(daemon, sessions);
            assertEquals(SESSIONS, sessions.size(), () -> "sessions logged in\n" + daemon.logTail());
            long loginMillis = (System.nanoTime() - started) / 1_000_000;
            Thread.sleep(1000); // idle: let any per-session timers and deferred allocations happen
            long after = rssKib(daemon.pid());
            long peak = statusKib(daemon.pid(), "VmHWM:");
            System.out.printf("idle sessions: %d, RSS before: %d MiB, after: %d MiB (peak %d MiB; %.1f KiB per"
                            + " session; logins took %d ms)%n", SESSIONS, before / 1024, after / 1024, peak / 1024,
                    (after - before) / (double) SESSIONS, loginMillis);

            for (int i = 0; i < sessions.size(); i++) {
                ScsiResult tur = sessions.get(i).testUnitReady(0);
                int index = i;
                assertEquals(ScsiResult.GOOD, tur.status(), () -> "session " + index + ": " + tur + "\n" + daemon.logTail());
            }
            assertTrue(after < RSS_LIMIT_KIB, "daemon RSS with " + SESSIONS + " idle sessions: " + after / 1024
                    + " MiB, limit " + RSS_LIMIT_KIB / 1024 + " MiB");
            sessions.forEach(InitiatorSession::close);
        } finally {
            sessions.forEach(InitiatorSession::close);
        }
    }

    /**
     * Logs in {@link #SESSIONS} sessions from a few threads into {@code sessions}; every login that succeeded is
     * there even when another failed (so the caller closes it), and the first failure is then thrown.
     */
    private static void loginAll(JietdProcess daemon, List<InitiatorSession> sessions) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(LOGIN_THREADS);
        Exception firstFailure = null;
        try {
            List<Future<InitiatorSession>> logins = new ArrayList<>();
            for (int i = 0; i < SESSIONS; i++) {
                int index = i;
                logins.add(pool.submit(() -> login(daemon, index)));
            }
            for (Future<InitiatorSession> login : logins) {
                try {
                    sessions.add(login.get(30, TimeUnit.SECONDS));
                } catch (ExecutionException | TimeoutException e) {
                    firstFailure = firstFailure == null ? e : firstFailure;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        if (firstFailure != null) {
            throw new AssertionError("login " + (sessions.size() + 1) + " of " + SESSIONS + " failed\n"
                    + daemon.logTail(), firstFailure);
        }
    }

    private static InitiatorSession login(JietdProcess daemon, int index) throws IOException {
        return InitiatorSession.login(daemon.host(), daemon.port(),
                LoginRequest.normal(IQN).withInitiatorName("iqn.2026-11.io.jiet:idle-" + index));
    }

    private static long rssKib(long pid) throws IOException {
        return statusKib(pid, "VmRSS:");
    }

    /** A {@code kB} line of {@code /proc/PID/status} (proc(5)). */
    private static long statusKib(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException("no " + field + " in /proc/" + pid + "/status");
    }

    /** The soft RLIMIT_NOFILE of this JVM, from {@code /proc/self/limits}; unlimited reads as Long.MAX_VALUE. */
    private static long openFilesLimit() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
            }
        }
        throw new IllegalStateException("no 'Max open files' in /proc/self/limits");
    }
}
