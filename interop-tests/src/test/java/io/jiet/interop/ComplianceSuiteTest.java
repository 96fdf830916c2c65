package io.jiet.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiet.interop.harness.CunitReport;
import io.jiet.interop.harness.IetdConf;
import io.jiet.interop.harness.JietdProcess;
import io.jiet.interop.harness.Libiscsi;
import io.jiet.interop.harness.ToolRun;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * libiscsi's conformance suite, {@code iscsi-test-cu -d -t SUITE URL}, one suite at a time. iscsi-test-cu uses its
 * built-in initiator names ({@code ...:iscsi-test} and {@code ...:iscsi-test-2}); none of these suites needs the
 * second one or a multipath URL. A suite passes here only if at least one test ran, none failed and none was
 * skipped for a missing command or feature ("not implemented", "not supported", "does not support").
 */
class ComplianceSuiteTest {
    private static final String IQN = "iqn.2026-11.io.jiet:compliance";
    private static final Duration SUITE_TIMEOUT = Duration.ofSeconds(100);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dir;
    private static Libiscsi libiscsi;
    private static JietdProcess daemon;

    @BeforeAll
    static void start() {
        libiscsi = Libiscsi.require(Libiscsi.Tool.ISCSI_TEST_CU);
        String config = IetdConf.create().target(IQN)
                .fileioLun(0, IetdConf.sparseImage(dir, "lun0.img", 64L << 20), "ScsiId=149455403f160c00", "IOMode=wb")
                .text();
        daemon = JietdProcess.start(dir, config);
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "SCSI.TestUnitReady", "SCSI.Inquiry", "SCSI.ReadCapacity10", "SCSI.ReadCapacity16",
        "SCSI.Read6", "SCSI.Read10", "SCSI.Read12", "SCSI.Read16",
        "SCSI.Write10", "SCSI.Write12", "SCSI.Write16", "SCSI.ModeSense6",
        "iSCSI.iSCSIcmdsn", "iSCSI.iSCSIdatasn", "iSCSI.iSCSIResiduals"})
    void suitePasses(String suite) {
        ToolRun run = libiscsi.run(Libiscsi.Tool.ISCSI_TEST_CU, SUITE_TIMEOUT, "-d", "-t", suite, daemon.url(IQN, 0));
        CunitReport report = CunitReport.parse(run.stdout());
        System.out.printf("iscsi-test-cu %-22s %s (%d ms)%n", suite, report.counts(), run.elapsed().toMillis());
        String context = "\n" + report.problems() + "\n" + run.describe() + "\n" + daemon.logTail();

        assertTrue(report.completed(), () -> "iscsi-test-cu stopped before its run summary" + context);
        assertTrue(report.suiteFailures().isEmpty(), () -> "suite set-up failed " + report.suiteFailures() + context);
        assertTrue(report.ran() >= 1 && !report.tests().isEmpty(), () -> "no test ran" + context);
        assertEquals(0, report.summary().orElseThrow().tests().failed(), () -> "failed tests" + context);
        assertTrue(report.failed().isEmpty(), () -> "failed tests" + context);
        assertTrue(report.skippedAsUnsupported().isEmpty(), () -> "skipped as unsupported" + context);
        assertEquals(0, run.exitCode(), () -> "iscsi-test-cu exit status" + context);
        assertTrue(daemon.isAlive(), () -> "jietd died during the suite" + context);
    }
}
