package io.jiet.interop.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The parser against iscsi-test-cu 1.19 output captured from tgt 1.0.85 (src/test/resources/iscsi-test-cu/), plus
 * two shapes that are hard to provoke on purpose (built from CUnit's Basic.c format strings).
 */
class CunitReportTest {

    @Test
    void allPassed() {
        CunitReport report = CunitReport.parse(sample("testunitready-passed.txt"));
        assertTrue(report.completed());
        assertEquals(List.of("TestUnitReady.Simple"), names(report.tests()));
        assertEquals(CunitTestResult.Outcome.PASSED, report.tests().getFirst().outcome());
        assertEquals(1, report.ran());
        assertTrue(report.failed().isEmpty());
        assertTrue(report.skipped().isEmpty());
        assertEquals(new CunitReport.Row(1, 1, -1, 0, 0), report.summary().orElseThrow().suites());
        assertEquals(new CunitReport.Row(1, 1, 1, 0, 0), report.summary().orElseThrow().tests());
    }

    @Test
    void loggedLineOnTheTestLineItselfIsAMessageNotTheOutcome() {
        CunitReport report = CunitReport.parse(sample("modesense6-warning-on-test-line.txt"));
        assertEquals(List.of("ModeSense6.AllPages", "ModeSense6.Control", "ModeSense6.Control-D_SENSE",
                "ModeSense6.Control-SWP", "ModeSense6.Residuals"), names(report.tests()));
        CunitTestResult control = report.tests().get(1);
        assertEquals(CunitTestResult.Outcome.PASSED, control.outcome());
        assertEquals(List.of("[WARNING] BUSY_TIMEOUT_PERIOD is undefined."), control.messages());
        assertFalse(control.skipped());
        assertEquals(5, report.ran());
    }

    @Test
    void cleanUpOutputOnThePassedLineStillMeansPassed() {
        String out = """

                Suite: Reserve6
                  Test: LUNReset ...passed    [FAILED] PRIN command: failed with sense. UNIT_ATTENTION(6)
                    [FAILED] PRIN command: failed with sense. UNIT_ATTENTION(6)

                Suite: Other
                  Test: Broken ...FAILED
                    1. test_x.c:12  - CU_ASSERT_EQUAL(ret,0)
                  Test: Cut ...
                """;
        CunitReport report = CunitReport.parse(out);
        assertEquals(CunitTestResult.Outcome.PASSED, report.tests().getFirst().outcome());
        assertEquals(CunitTestResult.Outcome.FAILED, report.tests().get(1).outcome());
        assertEquals(CunitTestResult.Outcome.INCOMPLETE, report.tests().get(2).outcome());
    }

    @Test
    void notImplementedSkipsAreCountedAsUnsupported() {
        CunitReport report = CunitReport.parse(sample("compareandwrite-not-implemented.txt"));
        assertEquals(5, report.tests().size());
        assertTrue(report.failed().isEmpty(), "CUnit itself reports these as passed");
        assertEquals(5, report.skipped().size());
        assertEquals(List.of("CompareAndWrite.Simple", "CompareAndWrite.DpoFua", "CompareAndWrite.Miscompare",
                "CompareAndWrite.Unwritten"), names(report.skippedAsUnsupported()));
        CunitTestResult simple = report.tests().getFirst();
        assertEquals(List.of("COMPAREANDWRITE is not implemented.", "COMPAREANDWRITE is not implemented."),
                simple.skipReasons());
        CunitTestResult provisioning = report.tests().get(4);
        assertEquals(List.of("Logical unit is fully provisioned. Skipping test"), provisioning.skipReasons());
        assertFalse(provisioning.skippedAsUnsupported());
    }

    @Test
    void failedTestKeepsItsAssertionLinesAndTheNextTestIsSeparate() {
        CunitReport report = CunitReport.parse(sample("getlbastatus-failed-and-skipped.txt"));
        assertEquals(List.of("GetLBAStatus.BeyondEol"), names(report.failed()));
        CunitTestResult beyondEol = report.failed().getFirst();
        assertEquals(List.of("test_get_lba_status_beyond_eol.c:38  - CU_ASSERT_EQUAL(_r,0)"),
                beyondEol.failedAssertions());
        assertTrue(beyondEol.messages().getFirst().startsWith("[FAILED] GET_LBA_STATUS successful"));
        CunitTestResult unmapSingle = report.tests().get(2);
        assertEquals("UnmapSingle", unmapSingle.name());
        assertTrue(unmapSingle.skipped());
        assertTrue(unmapSingle.failedAssertions().isEmpty());
        assertEquals(1, report.summary().orElseThrow().tests().failed());
    }

    @Test
    void severalFailedAssertions() {
        CunitReport report = CunitReport.parse(sample("datasn-failed-assertions.txt"));
        CunitTestResult test = report.tests().getFirst();
        assertEquals("iSCSIdatasn.iSCSIDataSnInvalid", test.qualifiedName());
        assertEquals(CunitTestResult.Outcome.FAILED, test.outcome());
        assertEquals(4, test.failedAssertions().size());
        assertEquals("test_iscsi_datasn_invalid.c:150  - CU_ASSERT_NOT_EQUAL(ret,0)", test.failedAssertions().get(3));
        assertEquals(4, report.summary().orElseThrow().asserts().failed());
    }

    @Test
    void provisioningSkipIsNotUnsupported() {
        CunitReport report = CunitReport.parse(sample("inquiry-provisioning-skip.txt"));
        assertEquals(7, report.ran());
        assertEquals(List.of("Inquiry.BlockLimits"), names(report.skipped()));
        assertTrue(report.skippedAsUnsupported().isEmpty());
        assertEquals("ran=7 passed=6 failed=0 skipped=1 (unsupported=0) asserts=278/0", report.counts());
    }

    @Test
    void testsOfSeveralSuitesKeepTheirSuite() {
        CunitReport report = CunitReport.parse(sample("two-suites.txt"));
        assertEquals(List.of("TestUnitReady.Simple", "ReadCapacity10.Simple"), names(report.tests()));
        assertEquals(2, report.summary().orElseThrow().suites().ran());
    }

    @Test
    void noMatchingTestRunsNothing() {
        CunitReport report = CunitReport.parse(sample("no-test-matched.txt"));
        assertTrue(report.completed());
        assertEquals(0, report.ran());
        assertTrue(report.tests().isEmpty());
    }

    @Test
    void noOutputAtAllIsNotCompleted() {
        // iscsi-test-cu prints only to stderr when it cannot log in at start-up.
        CunitReport report = CunitReport.parse("");
        assertFalse(report.completed());
        assertEquals(0, report.ran());
    }

    @Test
    void outputCutOffInsideATestLeavesItIncomplete() {
        String whole = sample("modesense6-warning-on-test-line.txt");
        String cut = whole.substring(0, whole.indexOf("BUSY_TIMEOUT_PERIOD"));
        CunitReport report = CunitReport.parse(cut);
        assertFalse(report.completed());
        assertEquals(CunitTestResult.Outcome.INCOMPLETE, report.tests().getLast().outcome());
        assertEquals(List.of("ModeSense6.Control"), names(report.failed()));
    }

    @Test
    void suiteInitializationFailureIsReported() {
        // CUnit Basic.c: "\nSuite: %s", then "\nWARNING - Suite initialization failed for '%s'." (no newline).
        String output = "\n\n     CUnit - A unit testing framework for C - Version 2.1-3\n\n"
                + "\nSuite: Read10\nWARNING - Suite initialization failed for 'Read10'."
                + "\n\nRun Summary:    Type  Total    Ran Passed Failed Inactive\n"
                + "              suites      1      0    n/a      1        0\n"
                + "               tests      6      0      0      0        0\n"
                + "             asserts      0      0      0      0      n/a\n";
        CunitReport report = CunitReport.parse(output);
        assertEquals(List.of("WARNING - Suite initialization failed for 'Read10'."), report.suiteFailures());
        assertEquals(0, report.ran());
        assertEquals(1, report.summary().orElseThrow().suites().failed());
    }

    private static List<String> names(List<CunitTestResult> tests) {
        return tests.stream().map(CunitTestResult::qualifiedName).toList();
    }

    static String sample(String name) {
        try (InputStream in = CunitReportTest.class.getResourceAsStream("/iscsi-test-cu/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
