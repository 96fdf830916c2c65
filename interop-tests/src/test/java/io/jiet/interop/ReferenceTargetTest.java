package io.jiet.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiet.interop.harness.CunitReport;
import io.jiet.interop.harness.IetdConf;
import io.jiet.interop.harness.IscsiLsListing;
import io.jiet.interop.harness.JietdProcess;
import io.jiet.interop.harness.Libiscsi;
import io.jiet.interop.harness.TgtdProcess;
import io.jiet.interop.harness.ToolRun;
import io.jiet.interop.initiator.Cdb;
import io.jiet.interop.initiator.InitiatorSession;
import io.jiet.interop.initiator.LoginRequest;
import io.jiet.interop.initiator.Lun;
import io.jiet.interop.initiator.ScsiResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Checks the oracle, not jiet: this module's raw initiator and output parsers against tgt's tgtd, a target known
 * to work with Linux initiators. Opt-in ({@code JIET_INTEROP_TGTD=1}, needs root and the tgt package) because it
 * says nothing about jiet; run it after changing anything under {@code initiator/} or {@code harness/}.
 * Known tgtd leniency: it accepts data segments over its declared MaxRecvDataSegmentLength, so that malformation
 * is not checked here.
 */
@EnabledIfEnvironmentVariable(named = "JIET_INTEROP_TGTD", matches = "1")
class ReferenceTargetTest {
    private static final String IQN = "iqn.2026-11.io.jiet:reference";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dir;
    private static TgtdProcess tgtd;

    @BeforeAll
    static void start() {
        tgtd = TgtdProcess.start(dir);
        tgtd.target(1, IQN);
        tgtd.lun(1, 1, IetdConf.sparseImage(dir, "lun1.img", 64L << 20));
        tgtd.lun(1, 2, IetdConf.sparseImage(dir, "lun2.img", 16L << 20));
    }

    @AfterAll
    static void stop() {
        if (tgtd != null) {
            tgtd.close();
        }
    }

    @Test
    void loginDiscoveryPingLogout() throws IOException {
        try (InitiatorSession discovery = login(LoginRequest.discovery())) {
            assertEquals(List.of(Map.entry("TargetName", IQN),
                    Map.entry("TargetAddress", JietdProcess.HOST + ":" + tgtd.port() + ",1")), discovery.sendTargets("All"));
            discovery.logout();
        }
        for (LoginRequest request : List.of(LoginRequest.normal(IQN), LoginRequest.normal(IQN).withoutSecurityNegotiation())) {
            try (InitiatorSession session = login(request)) {
                assertEquals(ScsiResult.GOOD, session.testUnitReady(1).status());
                assertArrayEquals(new byte[] {1, 2, 3}, session.ping(new byte[] {1, 2, 3}).data());
                assertEquals(0, session.logout().u8(2));
            }
        }
    }

    @Test
    void reportLunsAndAbsentLun() throws IOException {
        try (InitiatorSession session = login(LoginRequest.normal(IQN))) {
            ScsiResult luns = session.read(0, Cdb.reportLuns(4096), 4096);
            List<Integer> numbers = new ArrayList<>();
            for (int offset = 8; offset < luns.data().length; offset += 8) {
                numbers.add(Lun.decode(luns.data(), offset));
            }
            assertEquals(List.of(0, 1, 2), numbers);
            ScsiResult absent = session.read(7, Cdb.inquiry(false, 0, 96), 96);
            assertEquals(0x7f, absent.data()[0] & 0xff);
        }
    }

    @ParameterizedTest
    @CsvSource({"Yes, Yes", "Yes, No", "No, Yes", "No, No"})
    void writeThenReadInAnotherSession(String initialR2T, String immediateData) throws IOException {
        tgtd.targetParameter(1, "InitialR2T", initialR2T);
        tgtd.targetParameter(1, "ImmediateData", immediateData);
        byte[] data = new byte[256 * 1024];
        new Random(initialR2T.hashCode() * 31L + immediateData.hashCode()).nextBytes(data);
        try (InitiatorSession writer = login(LoginRequest.normal(IQN))) {
            assertEquals(initialR2T.equals("Yes"), writer.parameters().initialR2T());
            assertEquals(immediateData.equals("Yes"), writer.parameters().immediateData());
            assertEquals(ScsiResult.GOOD, writer.testUnitReady(1).status());
            assertEquals(ScsiResult.GOOD, writer.write(1, Cdb.write10(100, 512), data).status());
        }
        try (InitiatorSession reader = login(LoginRequest.normal(IQN))) {
            assertEquals(ScsiResult.GOOD, reader.testUnitReady(1).status());
            assertArrayEquals(data, reader.read(1, Cdb.read10(100, 512), data.length).data());
        }
    }

    @ParameterizedTest
    @EnumSource(value = MalformedInput.Malformation.class, names = "DATA_SEGMENT_OVER_MAX_RECV_DATA_SEGMENT_LENGTH",
            mode = EnumSource.Mode.EXCLUDE)
    void malformedInputIsDropped(MalformedInput.Malformation malformation) throws IOException {
        try (InitiatorSession bystander = login(LoginRequest.normal(IQN))) {
            assertEquals(ScsiResult.GOOD, bystander.testUnitReady(1).status());
            try (InitiatorSession offender = login(LoginRequest.normal(IQN))) {
                assertEquals(MalformedInput.Reaction.DROPPED, malformation.provoke(offender, () -> "tgtd"));
            }
            assertEquals(ScsiResult.GOOD, bystander.testUnitReady(1).status());
        }
    }

    @Test
    void libiscsiToolsAgreeWithTheParsers() {
        Libiscsi libiscsi = Libiscsi.require(Libiscsi.Tool.ISCSI_LS, Libiscsi.Tool.ISCSI_TEST_CU);
        String portalUrl = "iscsi://" + JietdProcess.HOST + ":" + tgtd.port();
        ToolRun ls = libiscsi.run(Libiscsi.Tool.ISCSI_LS, Duration.ofSeconds(30), "-s", portalUrl);
        IscsiLsListing.Target target = IscsiLsListing.parse(ls.stdout()).target(IQN).orElseThrow(() -> new AssertionError(ls.describe()));
        assertEquals(IscsiLsListing.sizeAsPrinted((64L << 20) / 512, 512), target.luns().get(1).size().orElseThrow());

        ToolRun cu = libiscsi.run(Libiscsi.Tool.ISCSI_TEST_CU, Duration.ofSeconds(60), "-d", "-t", "SCSI.Read10",
                portalUrl + "/" + IQN + "/1");
        CunitReport report = CunitReport.parse(cu.stdout());
        assertTrue(report.completed() && report.ran() >= 1 && report.failed().isEmpty(), cu::describe);
    }

    private static InitiatorSession login(LoginRequest request) throws IOException {
        return InitiatorSession.login(JietdProcess.HOST, tgtd.port(), request);
    }
}
