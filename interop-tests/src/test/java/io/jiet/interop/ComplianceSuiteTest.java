package io.jiet.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiet.interop.harness.CunitReport;
import io.jiet.interop.harness.DiskDirectory;
import io.jiet.interop.harness.IetdConf;
import io.jiet.interop.harness.JietdProcess;
import io.jiet.interop.harness.Libiscsi;
import io.jiet.interop.harness.SharedJietd;
import io.jiet.interop.harness.ToolRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * libiscsi's conformance suite, {@code iscsi-test-cu -d -t SUITE URL}, one suite at a time, once per backstore
 * (one daemon each). iscsi-test-cu uses its built-in initiator names ({@code ...:iscsi-test} and
 * {@code ...:iscsi-test-2}); none of these suites needs the second one or a multipath URL. A suite passes here only
 * if at least one test ran, none failed and none was skipped for a missing command or feature ("not implemented",
 * "not supported", "does not support").
 */
@ParameterizedClass(name = "{0}")
@EnumSource(ComplianceSuiteTest.Backstore.class)
class ComplianceSuiteTest {
    private static final String IQN = "iqn.2026-11.io.jiet:compliance";
    private static final Duration SUITE_TIMEOUT = Duration.ofSeconds(100);
    private static final long BYTES = 64L << 20;
    private static final String RESIDUALS = "iSCSI.iSCSIResiduals";

    /** The LUN 0 each class invocation serves, by IET's Type and IOMode. */
    enum Backstore {
        FILEIO_WB {
            @Override
            String lun(Path dir) {
                return IetdConf.create().target(IQN).fileioLun(0, IetdConf.sparseImage(dir, "fileio.img", BYTES),
                        "ScsiId=149455403f160c00", "IOMode=wb").text();
            }
        },
        /** On a disk file system, not tmpfs: blockio may open its path with O_DIRECT. */
        BLOCKIO_WT {
            @Override
            String lun(Path dir) {
                Path image = IetdConf.sparseImage(DiskDirectory.forDirectIo(dir), "blockio.img", BYTES);
                return IetdConf.create().target(IQN).blockioLun(0, image, "ScsiId=149455403f160c01", "IOMode=wt")
                        .text();
            }
        },
        /**
         * Writes are discarded and reads return zeros, so the tests that read back what they wrote cannot pass:
         * in iSCSIResiduals, Write{10,12,16}Residuals and WriteVerify{10,12,16}Residuals write 'a' and 'b' blocks
         * and check them on READ(10) (and WRITE AND VERIFY compares against the medium); only its Read tests run.
         * No other core suite checks data.
         */
        NULLIO {
            @Override
            String lun(Path dir) {
                return IetdConf.create().target(IQN).nullioLun(0, BYTES / 512, "ScsiId=149455403f160c02").text();
            }

            @Override
            String testSelector(String suite) {
                return suite.equals(RESIDUALS) ? RESIDUALS + ".Read*" : suite;
            }
        };

        abstract String lun(Path dir);

        /** iscsi-test-cu's {@code -t} pattern (fnmatch on family.suite.test) for a suite on this backstore. */
        String testSelector(String suite) {
            return suite;
        }
    }

    /** Tests run, failed, skipped per backstore, for one summary line each. */
    private record Tally(int suites, int ran, int failed, int skipped) {
        static final Tally NONE = new Tally(0, 0, 0, 0);

        static Tally of(CunitReport report) {
            return new Tally(1, report.ran(), report.failed().size(), report.skipped().size());
        }

        Tally plus(Tally other) {
            return new Tally(suites + other.suites, ran + other.ran, failed + other.failed, skipped + other.skipped);
        }
    }

    private static final Map<Backstore, Tally> TALLIES = new ConcurrentHashMap<>();

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dir;
    @RegisterExtension
    static final SharedJietd jietd = new SharedJietd();
    private static Libiscsi libiscsi;

    @Parameter
    Backstore backstore;

    @BeforeParameterizedClassInvocation
    static void start(Backstore backstore) throws IOException {
        libiscsi = Libiscsi.require(Libiscsi.Tool.ISCSI_TEST_CU);
        Path work = Files.createDirectories(dir.resolve(backstore.name().toLowerCase()));
        jietd.start(work, backstore.lun(work));
    }

    @AfterParameterizedClassInvocation
    static void report(Backstore backstore) {
        Tally t = TALLIES.getOrDefault(backstore, Tally.NONE);
        System.out.printf("iscsi-test-cu on %s: %d suites, %d tests ran, %d failed, %d skipped%n",
                backstore, t.suites(), t.ran(), t.failed(), t.skipped());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "SCSI.TestUnitReady", "SCSI.Inquiry", "SCSI.ReadCapacity10", "SCSI.ReadCapacity16",
        "SCSI.Read6", "SCSI.Read10", "SCSI.Read12", "SCSI.Read16",
        "SCSI.Write10", "SCSI.Write12", "SCSI.Write16", "SCSI.ModeSense6",
        "iSCSI.iSCSIcmdsn", "iSCSI.iSCSIdatasn", RESIDUALS})
    void suitePasses(String suite) {
        JietdProcess daemon = jietd.daemon();
        String selector = backstore.testSelector(suite);
        ToolRun run = libiscsi.run(Libiscsi.Tool.ISCSI_TEST_CU, SUITE_TIMEOUT, "-d", "-t", selector, daemon.url(IQN, 0));
        CunitReport report = CunitReport.parse(run.stdout());
        TALLIES.merge(backstore, Tally.of(report), Tally::plus);
        System.out.printf("iscsi-test-cu %-10s %-26s %s (%d ms)%n", backstore, selector, report.counts(),
                run.elapsed().toMillis());
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
