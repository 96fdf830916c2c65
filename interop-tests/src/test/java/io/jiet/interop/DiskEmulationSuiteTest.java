package io.jiet.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiet.interop.harness.CunitReport;
import io.jiet.interop.harness.CunitTestResult;
import io.jiet.interop.harness.IetdConf;
import io.jiet.interop.harness.JietdProcess;
import io.jiet.interop.harness.Libiscsi;
import io.jiet.interop.harness.ToolRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * libiscsi's whole conformance suite against the SPC-4/SBC-3 disk: {@code iscsi-test-cu -d -S -t ALL URL URL}
 * (every test once, sanitize allowed, the second URL enabling the multipath tests) on a {@code Thin=yes,
 * Identity=naa} fileio LUN, and {@code -t SCSI.ReadOnly} on an {@code IOMode=ro} LUN. The counts (tests, passed,
 * failed, skipped by reason) are printed; the test fails on any failure outside {@link #KNOWN_FAILURES}, on any
 * skip that says a command or feature is missing or that the LUN is fully provisioned, and on a run that does not
 * reach CUnit's summary.
 */
class DiskEmulationSuiteTest {
    private static final String IQN = "iqn.2026-11.io.jiet:disk-emulation";
    /**
     * About a minute here: the suite overwrites the LUN a few times at the sanitize pace (32 MiB/s) and sleeps in
     * the reset tests; the margin is for loaded CI machines.
     */
    private static final Duration SUITE_TIMEOUT = Duration.ofMinutes(6);
    /** Big enough that SANITIZE OVERWRITE outlasts Sanitize.Reset's three-second wait and reconnect. */
    private static final long LUN_BYTES = 256L << 20;

    /**
     * Failures that are libiscsi 1.19's, not the target's; each names the line that is wrong:
     * <ul>
     *   <li>GetLBAStatus.UnmapSingle: {@code test_get_lba_status_unmap_single.c:134} expects the first LBA status
     *   descriptor for STARTING LBA i+1 to start at i+LBPPB; SBC-3 §5.16.2 has it start at the STARTING LBA. The
     *   two agree only when LBPPB is 1, and a LOGICAL BLOCKS PER PHYSICAL BLOCK EXPONENT of 0 would skip five other
     *   tests (CHECK_FOR_LBPPB_GT_1).</li>
     *   <li>Sanitize.Reset: with two URLs, Sanitize.Reservations takes RESERVE(6) through the second session and
     *   never releases it ({@code mpath_sd2_put} keeps multipath sessions open), so the SANITIZE of Sanitize.Reset
     *   correctly ends in RESERVATION CONFLICT (SBC-3 table 13).</li>
     * </ul>
     */
    static final List<String> KNOWN_FAILURES = List.of("GetLBAStatus.UnmapSingle", "Sanitize.Reset");

    /** Skips this LUN may show: it is not removable, and it is writable (the read-only test has its own LUN). */
    private static final List<String> ACCEPTED_SKIP_WORDS = List.of("not removable", "not write-protected");

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void wholeSuiteOnAThinNaaLun() {
        Libiscsi libiscsi = Libiscsi.require(Libiscsi.Tool.ISCSI_TEST_CU);
        String config = IetdConf.create().target(IQN)
                .fileioLun(0, IetdConf.sparseImage(dir, "thin.img", LUN_BYTES), "ScsiId=149455403f160c00",
                        "IOMode=wb", "Thin=yes", "Identity=naa")
                .text();
        try (JietdProcess daemon = JietdProcess.start(dir, config)) {
            String url = daemon.url(IQN, 0);
            ToolRun run = libiscsi.run(Libiscsi.Tool.ISCSI_TEST_CU, SUITE_TIMEOUT, "-d", "-S", "-t", "ALL", url, url);
            CunitReport report = CunitReport.parse(run.stdout());
            System.out.println("iscsi-test-cu -d -S -t ALL URL URL: " + report.counts() + " ("
                    + run.elapsed().toSeconds() + " s)\n" + skipsByReason(report));
            String context = "\n" + report.problems() + "\n" + run.describe() + "\n" + daemon.logTail();

            assertTrue(report.completed(), () -> "iscsi-test-cu stopped before its run summary" + context);
            assertTrue(report.suiteFailures().isEmpty(), () -> "suite set-up failed " + report.suiteFailures() + context);
            assertEquals(230, report.ran(), () -> "libiscsi 1.19 runs 230 tests once each with -t ALL" + context);
            List<String> unexpected = report.failed().stream().map(CunitTestResult::qualifiedName)
                    .filter(name -> !KNOWN_FAILURES.contains(name)).toList();
            assertTrue(unexpected.isEmpty(), () -> "failed tests " + unexpected + context);
            List<CunitTestResult> refusedSkips = report.skipped().stream()
                    .filter(t -> !t.skipReasons().stream().allMatch(DiskEmulationSuiteTest::acceptedSkip)).toList();
            assertTrue(refusedSkips.isEmpty(), () -> "skipped for a reason the issue does not allow "
                    + "(a missing feature, full provisioning, LBPPB < 2...) " + refusedSkips + context);
            assertTrue(daemon.isAlive(), () -> "jietd died during the suite" + context);
        }
    }

    @Test
    void readOnlyLunRefusesEveryWrite() {
        Libiscsi libiscsi = Libiscsi.require(Libiscsi.Tool.ISCSI_TEST_CU);
        String config = IetdConf.create().target(IQN)
                .fileioLun(0, IetdConf.sparseImage(dir, "ro.img", 64L << 20), "IOMode=ro", "Thin=yes")
                .text();
        try (JietdProcess daemon = JietdProcess.start(dir, config)) {
            ToolRun run = libiscsi.run(Libiscsi.Tool.ISCSI_TEST_CU, Duration.ofSeconds(100), "-d", "-t",
                    "SCSI.ReadOnly", daemon.url(IQN, 0));
            CunitReport report = CunitReport.parse(run.stdout());
            System.out.println("iscsi-test-cu -d -t SCSI.ReadOnly: " + report.counts());
            String context = "\n" + report.problems() + "\n" + run.describe() + "\n" + daemon.logTail();
            assertTrue(report.completed(), () -> "iscsi-test-cu stopped before its run summary" + context);
            assertEquals(1, report.ran(), context);
            assertTrue(report.failed().isEmpty(), () -> "failed" + context);
            assertTrue(report.skipped().isEmpty(), () -> "the LUN must be seen as write-protected (WP in MODE SENSE)"
                    + " and every write command must be present" + context);
        }
    }

    /** The issue allows only these skips: removable-media tests and the write-protect test on a writable LUN. */
    private static boolean acceptedSkip(String reason) {
        String r = reason.toLowerCase(Locale.ROOT);
        return ACCEPTED_SKIP_WORDS.stream().anyMatch(r::contains);
    }

    private static String skipsByReason(CunitReport report) {
        Map<String, List<String>> byReason = new TreeMap<>();
        report.skipped().forEach(t -> byReason.computeIfAbsent(t.skipReasons().getFirst(), r -> new java.util.ArrayList<>())
                .add(t.qualifiedName()));
        return byReason.entrySet().stream()
                .map(e -> String.format("  skipped %2d: %s %s", e.getValue().size(), e.getKey(), e.getValue()))
                .collect(Collectors.joining("\n"));
    }
}
