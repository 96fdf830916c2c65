package io.jiet.interop.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jiet.interop.harness.IetdConf;
import io.jiet.interop.harness.RepositoryLayout;
import io.jiet.interop.harness.ToolRun;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Linux end-to-end lab: a QEMU guest with Debian's kernel, open-iscsi, multipath-tools, sg3-utils and fio logs in
 * to jietd over two loopback portals (127.0.0.1 and 127.0.0.2, one port of 3290-3299) and runs
 * {@code linux-lab/guest/steps.sh}. Runs only with {@code -Plinux-lab} (which sets {@code jiet.linux-lab=true}) or
 * with {@code JIET_LINUX_LAB=1}; needs root to build the guest image once (about a minute, cached in
 * {@code /var/cache/jiet-lab}), then one guest boot of three to four minutes under TCG.
 *
 * <p>Asserted today: discovery on both portals (each advertising both), login on both, TPGS 0, identical
 * logical-unit designators in VPD 0x83, the IET-format WWID from scsi_id for the configured ScsiId, one multipath
 * map with two ready paths, fio write+verify, and fio staying clean across a logout and a dropped connection of one
 * path, with the path restored each time. The ALUA assertions (TPGS 3, target-port designators, sg_rtpg states,
 * prio 50/10 with hwhandler '1 alua', scsi_dh_rdac and hwhandler '1 rdac' for an {@code Rdac=yes} LU) are switched
 * on with {@code -Djiet.linux-lab.alua=true}, which also writes issue 5's ALUA configuration; until ALUA lands those
 * steps must report SKIP.
 */
class LinuxMultipathLabTest {

    private static final String TARGET = "iqn.2026-11.io.jiet:lab";
    private static final String SCSI_ID = "jietlab000000001";
    private static final String HOST_1 = "127.0.0.1";
    private static final String HOST_2 = "127.0.0.2";
    private static final Duration BUILD_LIMIT = Duration.ofMinutes(15);
    private static final int GUEST_LIMIT_SECONDS = 540;
    private static final List<String> ALWAYS = List.of("boot", "modules", "daemons", "discovery", "login", "inquiry",
            "vpd83", "wwid", "multipath", "fio", "failover:logout", "restore:logout", "failover:drop", "restore:drop",
            "logout");

    static boolean enabled() {
        return Boolean.getBoolean("jiet.linux-lab") || "1".equals(System.getenv("JIET_LINUX_LAB"));
    }

    static boolean aluaChecks() {
        return Boolean.getBoolean("jiet.linux-lab.alua");
    }

    /** What /lib/udev/scsi_id -g -u prints for IET's T10 designator: "1", then the 24 designator bytes in hex. */
    static String ietWwid(String scsiId) {
        byte[] designator = new byte[24];
        System.arraycopy("IET".getBytes(StandardCharsets.US_ASCII), 0, designator, 0, 3);
        byte[] id = scsiId.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(id, 0, designator, 8, Math.min(16, id.length));
        return "1" + HexFormat.of().formatHex(designator);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void linuxInitiatorUsesBothPortalsThroughDmMultipath() throws Exception {
        assumeTrue(enabled(), "the Linux lab runs with -Plinux-lab or JIET_LINUX_LAB=1");
        List<String> extra = new ArrayList<>();
        if (aluaChecks()) {
            extra.addAll(List.of("--alua", "--expect-tpgs", "3", "--expect-rtpg", "1=0x00 2=0x01",
                    "--expect-prios", "50 10", "--rdac-lun", "1"));
        }
        LabReport.Outcome aluaExpected = aluaChecks() ? LabReport.Outcome.PASS : LabReport.Outcome.SKIP;
        runLab("", aluaChecks(), extra, ALWAYS, Map.of("rtpg", aluaExpected, "alua-prio", aluaExpected,
                "rdac", aluaExpected, "security", LabReport.Outcome.SKIP), false);
    }

    /**
     * Issue 5's failover under load: fio random write+verify on the map while the host moves group 1 (portal 1,
     * active/optimized) to standby, to unavailable and back with {@code jietadm}. fio must stay clean, and jietd's
     * per-portal byte counters must show the I/O on portal 2 while group 1 is standby or unavailable and back on
     * portal 1 after; with group 2 standby the map must show path groups prio 50 and 1. Runs with the ALUA switch.
     * Group 1 is not {@code Preferred} and ALUA is implicit here (see {@link #config}).
     */
    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void fioStaysCleanWhileTheOptimizedGroupGoesStandbyUnavailableAndBack() throws Exception {
        assumeTrue(enabled(), "the Linux lab runs with -Plinux-lab or JIET_LINUX_LAB=1");
        assumeTrue(aluaChecks(), "needs -Djiet.linux-lab.alua=true");
        List<String> steps = List.of("boot", "modules", "daemons", "discovery", "login", "inquiry", "vpd83", "wwid",
                "rtpg", "multipath", "alua-prio", "failover:alua", "restore:alua", "alua-standby-prio", "logout");
        runLab("", true, List.of("--alua", "--expect-tpgs", "1", "--expect-rtpg", "1=0x00 2=0x01",
                "--expect-prios", "50 10", "--fio-size", "16M", "--fail-modes", "alua"), steps, Map.of(), true);
    }

    /**
     * The Linux initiator with mutual CHAP (open-iscsi offering CHAP_A SHA-256, SHA-1, MD5) and CRC32C header and
     * data digests on both paths, through multipath and an fio write+verify (issue 4's lab acceptance).
     */
    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void linuxInitiatorLogsInWithMutualChapAndCrc32cDigests() throws Exception {
        assumeTrue(enabled(), "the Linux lab runs with -Plinux-lab or JIET_LINUX_LAB=1");
        String security = "    IncomingUser labguest labguestsecret1\n    OutgoingUser labarray labarraysecret1\n"
                + "    HeaderDigest CRC32C\n    DataDigest CRC32C\n";
        List<String> steps = List.of("boot", "modules", "daemons", "discovery", "login", "security", "inquiry",
                "vpd83", "wwid", "multipath", "fio", "logout");
        runLab(security, false, List.of("--chap", "labguest:labguestsecret1", "--target-chap",
                "labarray:labarraysecret1", "--digest", "crc32c", "--fail-modes", ""), steps, Map.of(), false);
    }

    private void runLab(String targetKeys, boolean alua, List<String> extraArgs, List<String> mustPass,
                        Map<String, LabReport.Outcome> otherExpectations, boolean driveAlua) throws Exception {
        Path lab = RepositoryLayout.root().resolve("interop-tests/linux-lab");
        Path work = RepositoryLayout.root().resolve("interop-tests/target/linux-lab-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(work);

        buildGuest(lab, work);
        int port = LabTarget.freeLabPort(List.of(HOST_1, HOST_2))
                .orElseThrow(() -> new AssertionError("no port of 3290-3299 free on 127.0.0.1 and 127.0.0.2"));
        Path image = IetdConf.sparseImage(work, "lun0.img", 256L << 20);
        Path rdacImage = alua ? IetdConf.sparseImage(work, "lun1.img", 64L << 20) : null;
        List<InetSocketAddress> portals = List.of(new InetSocketAddress(HOST_1, port),
                new InetSocketAddress(HOST_2, port));

        List<String> daemonOptions = new ArrayList<>();
        AluaFailoverDriver driver = null;
        if (driveAlua) {
            int metricsPort = LabTarget.freeLabPort(List.of(HOST_1), port)
                    .orElseThrow(() -> new AssertionError("no second port of 3290-3299 free for jietd's metrics"));
            Path control = work.resolve("jietd.sock");
            daemonOptions.addAll(List.of("--control", control.toString(), "--metrics", HOST_1 + ":" + metricsPort));
            driver = new AluaFailoverDriver(work.resolve("console.log"), control,
                    URI.create("http://" + HOST_1 + ":" + metricsPort + "/metrics"), HOST_1 + ":" + port,
                    HOST_2 + ":" + port);
        }
        ToolRun run;
        Throwable[] driverFailure = new Throwable[1];
        try (LabTarget target = LabTarget.start(work, config(port, image, rdacImage, targetKeys, !driveAlua), portals,
                daemonOptions)) {
            Thread driving = null;
            if (driver != null) {
                AluaFailoverDriver d = driver;
                driving = Thread.ofPlatform().name("alua-driver").start(() -> {
                    try {
                        d.drive();
                    } catch (Throwable t) {
                        driverFailure[0] = t;
                    }
                });
            }
            run = runGuest(lab, work, port, extraArgs);
            if (driving != null) {
                driving.join(Duration.ofSeconds(30));
                driving.interrupt();
                driving.join(Duration.ofSeconds(5));
            }
            assertTrue(target.isAlive(), "jietd died during the lab run\n" + target.logTail(60));
            assertEquals(0, target.stop(), "jietd exit status after SIGTERM\n" + target.logTail(40));
        } finally {
            LabTarget.deleteQuietly(image);
            if (rdacImage != null) {
                LabTarget.deleteQuietly(rdacImage);
            }
        }

        if (driver != null) {
            driver.log().forEach(line -> System.out.println("alua driver: " + line));
        }
        LabReport report = LabReport.parse(run.stdout());
        System.out.println("linux lab: " + report.timing().orElse("(no timing)") + ", result "
                + report.result().orElse("none") + ", work dir " + work);
        List<String> wrong = new ArrayList<>();
        for (String step : mustPass) {
            if (report.outcome(step).filter(LabReport.Outcome.PASS::equals).isEmpty()) {
                wrong.add(step + "=" + report.outcome(step).map(Enum::name).orElse("missing"));
            }
        }
        otherExpectations.forEach((step, expected) -> {
            if (report.outcome(step).filter(expected::equals).isEmpty()) {
                wrong.add(step + "=" + report.outcome(step).map(Enum::name).orElse("missing"));
            }
        });
        assertTrue(wrong.isEmpty() && report.passed(), "lab steps not as expected: " + wrong + "\n" + run.describe());
        if (driver != null) {
            if (driverFailure[0] != null) {
                throw new AssertionError("the ALUA driver failed: " + driverFailure[0], driverFailure[0]);
            }
            assertAluaPhases(driver);
        }
    }

    /**
     * The I/O is where ALUA sends it: on portal 1 while group 1 is active/optimized, on portal 2 while group 1 is
     * standby or unavailable. "Where" means at least 1 MiB through that portal and under a tenth of that through the
     * other (the idle path still carries NOP-Outs and the path checker's commands).
     */
    private static void assertAluaPhases(AluaFailoverDriver driver) {
        List<AluaFailoverDriver.Phase> phases = driver.phases();
        assertEquals(4, phases.size(), "phases measured: " + phases);
        assertTrue(driver.fioRanThroughout(), "fio ended before the last phase was measured: " + phases);
        boolean[] onPortal1 = {true, false, false, true};
        for (int i = 0; i < phases.size(); i++) {
            AluaFailoverDriver.Phase p = phases.get(i);
            long busy = onPortal1[i] ? p.portal1() : p.portal2();
            long idle = onPortal1[i] ? p.portal2() : p.portal1();
            assertTrue(busy >= (1 << 20) && idle * 10 < busy,
                    "phase '" + p.name() + "' should carry the I/O on portal " + (onPortal1[i] ? 1 : 2) + ": " + p
                            + "\nall phases: " + phases);
        }
    }

    /**
     * Two portals; LUN 0 with a ScsiId. With the ALUA switch also issue 5's shape: Alua both, group 1 optimized and
     * preferred on portal 1, group 2 non-optimized on portal 2, and an IBM 1815 RDAC LU 1. Without
     * {@code preferGroup1} group 1 is not preferred and ALUA is implicit only (TPGS 1), so that only the host moves
     * the states: multipath-tools' alua prioritizer adds 80 to a preferred port that is not active/optimized
     * (standby 81, unavailable 80), so dm-multipath keeps the preferred path and, with explicit ALUA, scsi_dh_alua's
     * STPG makes it active/optimized again at once; and pg_init's STPG on a non-preferred group made group 2
     * optimized before the test began (both seen in the lab).
     */
    private static String config(int port, Path image, Path rdacImage, String targetKeys, boolean preferGroup1) {
        String portals = "Portal " + HOST_1 + ":" + port + "\nPortal " + HOST_2 + ":" + port + "\n";
        IetdConf conf = IetdConf.create().target(TARGET);
        for (String line : targetKeys.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
            int space = line.indexOf(' ');
            conf.parameter(line.substring(0, space), line.substring(space + 1));
        }
        if (rdacImage != null) {
            conf.parameter("Alua", preferGroup1 ? "both" : "implicit")
                    .parameter("TargetPortGroup", "1 Portals=" + HOST_1 + ":" + port
                            + " State=active-optimized" + (preferGroup1 ? " Preferred=yes" : ""))
                    .parameter("TargetPortGroup", "2 Portals=" + HOST_2 + ":" + port + " State=active-nonoptimized");
        }
        conf.fileioLun(0, image, "ScsiId=" + SCSI_ID);
        if (rdacImage != null) {
            conf.fileioLun(1, rdacImage, "ScsiId=jietlab000000002", "VendorId=IBM", "ProductId=1815", "Rdac=yes");
        }
        return portals + conf.text();
    }

    private static void buildGuest(Path lab, Path work) throws IOException, InterruptedException {
        boolean root = "root".equals(System.getProperty("user.name"));
        Path cache = Path.of(System.getenv().getOrDefault("JIET_LAB_CACHE", "/var/cache/jiet-lab"));
        if (!root) {
            assertTrue(Files.isRegularFile(cache.resolve("rootfs.cpio.zst")),
                    "no guest image in " + cache + " and not root: run sudo " + lab.resolve("build.sh") + " first");
            return;
        }
        ToolRun build = execute(List.of(lab.resolve("build.sh").toString()), work.resolve("build.log"), BUILD_LIMIT);
        assertEquals(0, build.exitCode(), "build.sh failed\n" + build.describe());
    }

    private static ToolRun runGuest(Path lab, Path work, int port, List<String> extraArgs)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(lab.resolve("run.sh").toString(),
                "--target", TARGET, "--portal1", HOST_1 + ":" + port, "--portal2", HOST_2 + ":" + port,
                "--lun", "0", "--wwid", ietWwid(SCSI_ID), "--timeout", Integer.toString(GUEST_LIMIT_SECONDS),
                "--log", work.resolve("console.log").toString()));
        command.addAll(extraArgs);
        return execute(command, work.resolve("run.log"), Duration.ofSeconds(GUEST_LIMIT_SECONDS + 60));
    }

    private static ToolRun execute(List<String> command, Path output, Duration limit)
            throws IOException, InterruptedException {
        long started = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            p.waitFor(15, TimeUnit.SECONDS);
            p.destroyForcibly();
            throw new AssertionError(command.getFirst() + " did not finish within " + limit + "; output in " + output);
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        return new ToolRun(command, p.exitValue(), text, "", Duration.ofNanos(System.nanoTime() - started));
    }
}
