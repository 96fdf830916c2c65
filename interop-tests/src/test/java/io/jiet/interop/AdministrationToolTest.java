package io.jiet.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiet.interop.harness.IetdConf;
import io.jiet.interop.harness.JietdProcess;
import io.jiet.interop.harness.Libiscsi;
import io.jiet.interop.harness.RepositoryLayout;
import io.jiet.interop.harness.ToolRun;
import io.jiet.interop.initiator.Cdb;
import io.jiet.interop.initiator.InitiatorSession;
import io.jiet.interop.initiator.LoginRequest;
import io.jiet.interop.initiator.ScsiResult;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/jietadm} against a running {@code bin/jietd -f --control SOCKET --metrics 127.0.0.1:PORT}: targets and
 * LUNs added at run time serve libiscsi, {@code --op show --sessions} lists a logged-in session in IET's
 * {@code /proc/net/iet/session} shape, a busy target cannot be deleted, and the Prometheus counters follow what
 * libiscsi wrote.
 */
class AdministrationToolTest {
    private static final String CONFIGURED = "iqn.2026-11.io.jiet:admin-configured";
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);
    private static final int BLOCK = 512;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dir;
    private static JietdProcess daemon;
    private static Path control;
    private static int metricsPort;

    @BeforeAll
    static void start() {
        control = dir.resolve("run/jietd.sock");
        metricsPort = freePortIn(3300, 3309);
        String config = IetdConf.create().target(CONFIGURED)
                .fileioLun(0, IetdConf.sparseImage(dir, "configured.img", 64L << 20), "IOMode=wb").text();
        daemon = JietdProcess.start(dir, config, "--control", control.toString(),
                "--metrics", "127.0.0.1:" + metricsPort);
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    /** bin/jietadm's exit status and output. */
    record Jietadm(int status, String out, String err) {
        String describe() {
            return "(exit " + status + ")\n---- stdout ----\n" + out + "---- stderr ----\n" + err;
        }
    }

    private static Jietadm jietadm(String... args) {
        List<String> command = new ArrayList<>(List.of(RepositoryLayout.root().resolve("bin/jietadm").toString(),
                "--control", control.toString()));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(dir, "jietadm", ".out");
            Path err = Files.createTempFile(dir, "jietadm", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
            Process process = builder.start();
            if (!process.waitFor(TOOL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("jietadm " + String.join(" ", args) + " did not finish");
            }
            return new Jietadm(process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Jietadm ok(String... args) {
        Jietadm run = jietadm(args);
        assertEquals(0, run.status(), () -> "jietadm " + String.join(" ", args) + " " + run.describe() + "\n"
                + daemon.logTail());
        return run;
    }

    /** Adds a target with a 16 MiB fileio LUN 0 through jietadm; returns its tid. */
    private static int addTargetWithLun(String name) {
        Jietadm created = ok("--op", "new", "--tid=0", "--params", "Name=" + name);
        Matcher tid = Pattern.compile("^tid:(\\d+)\\n$").matcher(created.out());
        assertTrue(tid.matches(), created::describe);
        Path image = IetdConf.sparseImage(dir, name.substring(name.indexOf(':') + 1) + ".img", 16L << 20);
        ok("--op", "new", "--tid=" + tid.group(1), "--lun=0", "--params",
                "Path=" + image.toAbsolutePath() + ",Type=fileio,IOMode=wb");
        return Integer.parseInt(tid.group(1));
    }

    @Test
    void aTargetAndLunAddedByJietadmServeLibiscsi() {
        Libiscsi libiscsi = Libiscsi.require(Libiscsi.Tool.ISCSI_LS, Libiscsi.Tool.ISCSI_INQ);
        String name = "iqn.2026-11.io.jiet:admin-added";
        int tid = addTargetWithLun(name);

        String volumes = ok("--op", "show", "--volumes").out();
        assertTrue(volumes.contains("tid:" + tid + " name:" + name + "\n\tlun:0 state:0 iotype:fileio iomode:wb "
                + "blocks:32768 blocksize:512 path:" + dir.resolve("admin-added.img").toAbsolutePath() + "\n"), volumes);

        ToolRun listing = libiscsi.run(Libiscsi.Tool.ISCSI_LS, TOOL_TIMEOUT, "-s", daemon.portalUrl());
        assertEquals(0, listing.exitCode(), listing::describe);
        assertTrue(listing.stdout().contains("Target:" + name + " Portal:" + daemon.portal()), listing::describe);

        ToolRun inquiry = libiscsi.run(Libiscsi.Tool.ISCSI_INQ, TOOL_TIMEOUT, daemon.url(name, 0));
        assertEquals(0, inquiry.exitCode(), () -> inquiry.describe() + "\n" + daemon.logTail());
        assertTrue(inquiry.stdout().contains("Peripheral Device Type:DIRECT_ACCESS"), inquiry::describe);
    }

    @Test
    void showSessionsListsALoggedInSessionAndTheBusyTargetIsNotDeleted() throws IOException {
        String name = "iqn.2026-11.io.jiet:admin-busy";
        int tid = addTargetWithLun(name);
        try (InitiatorSession session = InitiatorSession.login(daemon.host(), daemon.port(),
                LoginRequest.normal(name))) {
            assertEquals(ScsiResult.GOOD, session.testUnitReady(0).status());

            String sessions = ok("--op", "show", "--sessions").out();
            Matcher m = Pattern.compile("(?m)^tid:" + tid + " name:" + Pattern.quote(name) + "\\n\\tsid:(\\d+) "
                    + "initiator:" + Pattern.quote(LoginRequest.INITIATOR_NAME) + "\\n\\t\\tcid:0 ip:127\\.0\\.0\\.1 "
                    + "state:active hd:none dd:none\\n").matcher(sessions);
            assertTrue(m.find(), () -> sessions + "\n" + daemon.logTail());
            // IET's sid: ISID bytes first-lowest (this initiator's ISID starts 80h, ends 01h), TSIH on top.
            long sid = Long.parseUnsignedLong(m.group(1));
            assertEquals(session.parameters().tsih(), (int) (sid >>> 48));
            assertEquals(0x80, (int) (sid & 0xFF));
            assertEquals(0x01, (int) ((sid >>> 40) & 0xFF));
            assertTrue(ok("--op", "show", "--sessions", "--json").out().contains("{\"sid\":\""
                    + Long.toUnsignedString(sid) + "\""), "JSON carries the same sid");

            Jietadm delete = jietadm("--op", "delete", "--tid=" + tid);
            assertEquals(1, delete.status(), delete::describe);
            assertTrue(delete.err().contains("has 1 active session(s); not deleted"), delete::describe);
            Jietadm deleteLun = jietadm("--op", "delete", "--tid=" + tid, "--lun=0");
            assertEquals(1, deleteLun.status(), deleteLun::describe);
            assertTrue(ok("--op", "show", "--volumes").out().contains("name:" + name + "\n\tlun:0 "));
            assertEquals(ScsiResult.GOOD, session.testUnitReady(0).status(), "the session is undisturbed");
            session.logout();
        }
        awaitNoSession(name);
        ok("--op", "delete", "--tid=" + tid);
        assertTrue(!ok("--op", "show", "--volumes").out().contains(name), "deleted once idle");
    }

    private static void awaitNoSession(String name) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String sessions = ok("--op", "show", "--sessions").out();
            if (!Pattern.compile("name:" + Pattern.quote(name) + "\\n\\tsid:").matcher(sessions).find()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("session of " + name + " still listed after logout");
    }

    @Test
    void aMetricsScrapeAfterALibiscsiWriteShowsTheBytesWritten() throws Exception {
        Libiscsi libiscsi = Libiscsi.require(Libiscsi.Tool.ISCSI_TEST_CU);
        String lun = "lun=\"0\",target=\"" + CONFIGURED + "\"";
        String writes = "lun=\"0\",op=\"write\",target=\"" + CONFIGURED + "\"";
        String before = scrape();
        double bytesBefore = sample(before, "jiet_lun_write_bytes_total", lun);
        double commandsBefore = sample(before, "jiet_lun_commands_total", writes);

        ToolRun run = libiscsi.run(Libiscsi.Tool.ISCSI_TEST_CU, Duration.ofSeconds(120), "-V", "--dataloss", "-t",
                "SCSI.Write10.Simple", daemon.url(CONFIGURED, 0));
        assertEquals(0, run.exitCode(), () -> run.describe() + "\n" + daemon.logTail());
        // libiscsi logs every command it sends: "Send WRITE10 (Expecting SUCCESS) LBA:0 blocks:3 ...".
        Matcher sent = Pattern.compile("Send WRITE10 \\(Expecting SUCCESS\\) LBA:\\d+ blocks:(\\d+)")
                .matcher(run.stdout() + run.stderr());
        long blocks = 0;
        int commands = 0;
        while (sent.find()) {
            blocks += Long.parseLong(sent.group(1));
            commands++;
        }
        assertTrue(commands > 0, run::describe);

        String after = scrape();
        assertEquals(blocks * BLOCK, sample(after, "jiet_lun_write_bytes_total", lun) - bytesBefore, after);
        assertEquals(commands, sample(after, "jiet_lun_commands_total", writes) - commandsBefore, after);

        // One write of a known size through the raw initiator.
        try (InitiatorSession session = InitiatorSession.login(daemon.host(), daemon.port(),
                LoginRequest.normal(CONFIGURED))) {
            ScsiResult written = session.write(0, Cdb.write10(100, 128), new byte[128 * BLOCK]);
            if (written.status() == ScsiResult.CHECK_CONDITION) { // a unit attention left from libiscsi's run
                written = session.write(0, Cdb.write10(100, 128), new byte[128 * BLOCK]);
            }
            assertEquals(ScsiResult.GOOD, written.status(), written::toString);
            session.logout();
        }
        assertEquals(128.0 * BLOCK, sample(scrape(), "jiet_lun_write_bytes_total", lun)
                - sample(after, "jiet_lun_write_bytes_total", lun));
        assertTrue(scrape().contains("jiet_lun_command_seconds_bucket{"), "latency histogram is exported");
    }

    private static String scrape() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals(200, response.statusCode());
        return response.body();
    }

    /** A sample's value; 0 when the series does not exist yet. */
    private static double sample(String exposition, String name, String labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{" + Pattern.quote(labels) + "\\} (\\S+)$")
                .matcher(exposition);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** The first port of {@code first..last} that can be bound on loopback now. */
    private static int freePortIn(int first, int last) {
        for (int port = first; port <= last; port++) {
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
                return port;
            } catch (IOException taken) {
                // try the next one
            }
        }
        throw new AssertionError("no free port in " + first + ".." + last);
    }
}
