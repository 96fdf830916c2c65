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
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * libiscsi 1.19's iSCSI family (iSCSIcmdsn, iSCSIdatasn, iSCSIResiduals, iSCSITMF) as one run, against a target
 * with IET's default digests and against one that accepts only CRC32C header digests: libiscsi always offers
 * {@code HeaderDigest=None,CRC32C}, so only the second makes it protect every header.
 */
class ProtocolFamilyTest {
    private static final String IQN = "iqn.2026-11.io.jiet:protocol";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @ParameterizedTest(name = "HeaderDigest {0}")
    @ValueSource(strings = {"None", "CRC32C"})
    void iscsiFamilyPasses(String headerDigest) {
        Libiscsi libiscsi = Libiscsi.require(Libiscsi.Tool.ISCSI_TEST_CU);
        String config = IetdConf.create().target(IQN)
                .parameter("HeaderDigest", headerDigest)
                .fileioLun(0, IetdConf.sparseImage(dir, "lun0.img", 64L << 20), "IOMode=wb")
                .text();
        try (JietdProcess daemon = JietdProcess.start(dir, config)) {
            ToolRun run = libiscsi.run(Libiscsi.Tool.ISCSI_TEST_CU, Duration.ofSeconds(100), "-d", "-t", "iSCSI",
                    daemon.url(IQN, 0));
            CunitReport report = CunitReport.parse(run.stdout());
            System.out.printf("iscsi-test-cu iSCSI (HeaderDigest %s) %s%n", headerDigest, report.counts());
            String context = "\n" + report.problems() + "\n" + run.describe() + "\n" + daemon.logTail();
            assertTrue(report.completed(), () -> "no run summary" + context);
            assertTrue(report.ran() >= 15, () -> "the whole family must run" + context);
            assertTrue(report.failed().isEmpty(), () -> "failed tests" + context);
            assertTrue(report.skippedAsUnsupported().isEmpty(), () -> "unsupported skips" + context);
            assertEquals(0, run.exitCode(), () -> "exit status" + context);
            String expected = "hd:" + headerDigest.toLowerCase();
            assertTrue(daemon.logTail().contains(expected), () -> "sessions should have negotiated " + expected
                    + context);
        }
    }
}
