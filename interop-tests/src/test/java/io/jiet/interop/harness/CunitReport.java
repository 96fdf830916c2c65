package io.jiet.interop.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What iscsi-test-cu printed on stdout in CUnit's basic interface, verbose mode (the default): for each suite
 * {@code Suite: NAME}, for each test {@code "  Test: NAME ..."} followed by the lines the test logged (libiscsi
 * indents them by four spaces) and then {@code passed} or {@code FAILED} plus numbered assertion lines; at the end
 * a {@code Run Summary} table. Lines a test logs can sit on the {@code Test:} line itself, after the dots.
 *
 * @param suiteFailures CUnit's {@code WARNING - Suite initialization failed for 'X'.} lines (for iscsi-test-cu:
 *                      the login during suite set-up failed) and the cleanup equivalent
 * @param summary       absent when the run ended before CUnit printed its summary
 */
public record CunitReport(List<CunitTestResult> tests, List<String> suiteFailures, Optional<Summary> summary) {

    private static final Pattern SUITE = Pattern.compile("^Suite: (.+)$");
    private static final Pattern TEST = Pattern.compile("^  Test: (.+?) \\.\\.\\.(.*)$");
    private static final Pattern ASSERTION = Pattern.compile("^\\s+\\d+\\. (.+)$");
    private static final Pattern SUITE_FAILURE = Pattern.compile("WARNING - Suite (?:initialization|cleanup) failed for '.*'\\.");
    private static final Pattern SUMMARY_ROW = Pattern.compile(
            "^\\s*(suites|tests|asserts)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+|n/a)\\s+(\\d+)\\s+(\\d+|n/a)\\s*$");

    public CunitReport {
        tests = List.copyOf(tests);
        suiteFailures = List.copyOf(suiteFailures);
    }

    /** One row of CUnit's run summary; {@code -1} stands for CUnit's {@code n/a}. */
    public record Row(int total, int ran, int passed, int failed, int inactive) {
    }

    /** CUnit's {@code Run Summary} table. */
    public record Summary(Row suites, Row tests, Row asserts) {
    }

    public static CunitReport parse(String stdout) {
        Parser parser = new Parser();
        stdout.lines().forEach(parser::accept);
        return parser.finish();
    }

    /** The run reached CUnit's summary (it did not crash or get killed half way). */
    public boolean completed() {
        return summary.isPresent();
    }

    public List<CunitTestResult> failed() {
        return tests.stream().filter(CunitTestResult::failed).toList();
    }

    public List<CunitTestResult> skipped() {
        return tests.stream().filter(CunitTestResult::skipped).toList();
    }

    public List<CunitTestResult> skippedAsUnsupported() {
        return tests.stream().filter(CunitTestResult::skipped).filter(CunitTestResult::skippedAsUnsupported).toList();
    }

    /** Tests that ran: CUnit's own count when it printed one, else the tests seen. */
    public int ran() {
        return summary.map(s -> s.tests().ran()).orElse(tests.size());
    }

    /** One line for the build log, e.g. {@code ran=7 passed=6 failed=0 skipped=1 (unsupported=0) asserts=278/0}. */
    public String counts() {
        long passed = tests.stream().filter(t -> t.outcome() == CunitTestResult.Outcome.PASSED && !t.skipped()).count();
        String asserts = summary.map(s -> " asserts=" + s.asserts().ran() + "/" + s.asserts().failed()).orElse(" (no summary)");
        return "ran=" + ran() + " passed=" + passed + " failed=" + failed().size() + " skipped=" + skipped().size()
                + " (unsupported=" + skippedAsUnsupported().size() + ")" + asserts;
    }

    /** Every test not plainly passed, one per line, for assertion messages. */
    public String problems() {
        return tests.stream()
                .filter(t -> t.failed() || t.skipped())
                .map(CunitTestResult::toString)
                .collect(Collectors.joining("\n"));
    }

    /** Line-at-a-time state machine; single use. */
    private static final class Parser {
        private final List<CunitTestResult> tests = new ArrayList<>();
        private final List<String> suiteFailures = new ArrayList<>();
        private String suite = "";
        private String testName;
        private CunitTestResult.Outcome outcome;
        private List<String> messages = new ArrayList<>();
        private List<String> assertions = new ArrayList<>();
        private boolean inSummary;
        private Row suitesRow;
        private Row testsRow;
        private Row assertsRow;

        void accept(String line) {
            Matcher suiteFailure = SUITE_FAILURE.matcher(line);
            if (suiteFailure.find()) {
                endTest();
                suiteFailures.add(suiteFailure.group());
                return;
            }
            if (inSummary) {
                summaryRow(line);
                return;
            }
            Matcher m;
            if ((m = SUITE.matcher(line)).matches()) {
                endTest();
                suite = m.group(1).strip();
            } else if ((m = TEST.matcher(line)).matches()) {
                endTest();
                testName = m.group(1);
                testBody(m.group(2));
            } else if (line.startsWith("Run Summary:")) {
                endTest();
                inSummary = true;
            } else if (testName != null) {
                testBody(line);
            }
        }

        private void testBody(String line) {
            String text = line.strip();
            if (text.isEmpty()) {
                return;
            }
            if (outcome == null && text.equals("passed")) {
                outcome = CunitTestResult.Outcome.PASSED;
            } else if (outcome == null && text.startsWith("passed ")) {
                // CUnit wrote "passed" without a newline and the suite's clean-up logged on the same line: the
                // test passed; what follows is the clean-up's output, not the test's.
                outcome = CunitTestResult.Outcome.PASSED;
            } else if (outcome == null && text.equals("FAILED")) {
                outcome = CunitTestResult.Outcome.FAILED;
            } else if (outcome == CunitTestResult.Outcome.FAILED && ASSERTION.matcher(line).matches()) {
                Matcher m = ASSERTION.matcher(line);
                m.matches();
                assertions.add(m.group(1).strip());
            } else if (outcome == null) {
                messages.add(text);
            }
            // Anything after the outcome that is not an assertion line is output of the program, not the test.
        }

        private void summaryRow(String line) {
            Matcher m = SUMMARY_ROW.matcher(line);
            if (!m.matches()) {
                return;
            }
            Row row = new Row(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), number(m.group(4)),
                    Integer.parseInt(m.group(5)), number(m.group(6)));
            switch (m.group(1)) {
                case "suites" -> suitesRow = row;
                case "tests" -> testsRow = row;
                default -> assertsRow = row;
            }
        }

        private void endTest() {
            if (testName != null) {
                tests.add(new CunitTestResult(suite, testName,
                        outcome == null ? CunitTestResult.Outcome.INCOMPLETE : outcome, messages, assertions));
            }
            testName = null;
            outcome = null;
            messages = new ArrayList<>();
            assertions = new ArrayList<>();
        }

        CunitReport finish() {
            endTest();
            Optional<Summary> summary = suitesRow != null && testsRow != null && assertsRow != null
                    ? Optional.of(new Summary(suitesRow, testsRow, assertsRow))
                    : Optional.empty();
            return new CunitReport(tests, suiteFailures, summary);
        }

        private static int number(String field) {
            return field.equals("n/a") ? -1 : Integer.parseInt(field);
        }
    }
}
