package io.jiet.interop.harness;

import java.util.List;
import java.util.Locale;

/**
 * One CUnit test as iscsi-test-cu reported it. libiscsi's tests have no "skipped" outcome of their own: a test
 * that cannot run logs a line starting {@code [SKIPPED]} and then passes, so a skip is a passed test with such a
 * line.
 *
 * @param messages         lines the test logged while running (indentation removed), in order
 * @param failedAssertions the numbered {@code file:line - assertion} lines CUnit printed after {@code FAILED}
 */
public record CunitTestResult(String suite, String name, Outcome outcome, List<String> messages,
                              List<String> failedAssertions) {

    public enum Outcome {
        PASSED,
        FAILED,
        /** The output ended (crash, kill) before CUnit printed passed or FAILED. */
        INCOMPLETE
    }

    private static final String SKIPPED = "[SKIPPED]";
    private static final List<String> UNSUPPORTED_WORDS = List.of("not implemented", "not supported", "does not support");

    public CunitTestResult {
        messages = List.copyOf(messages);
        failedAssertions = List.copyOf(failedAssertions);
    }

    public String qualifiedName() {
        return suite + "." + name;
    }

    public boolean failed() {
        return outcome != Outcome.PASSED;
    }

    /** The text after {@code [SKIPPED]} of every skip line, e.g. {@code COMPAREANDWRITE is not implemented.} */
    public List<String> skipReasons() {
        return messages.stream()
                .filter(line -> line.startsWith(SKIPPED))
                .map(line -> line.substring(SKIPPED.length()).strip())
                .toList();
    }

    public boolean skipped() {
        return outcome == Outcome.PASSED && !skipReasons().isEmpty();
    }

    /** Skipped because the target lacks a command or feature, which these interop tests count as a failure. */
    public boolean skippedAsUnsupported() {
        return skipReasons().stream()
                .map(reason -> reason.toLowerCase(Locale.ROOT))
                .anyMatch(reason -> UNSUPPORTED_WORDS.stream().anyMatch(reason::contains));
    }

    @Override
    public String toString() {
        String detail = outcome == Outcome.PASSED && skipped() ? "SKIPPED " + skipReasons() : outcome.name();
        if (!failedAssertions.isEmpty()) {
            detail += " " + failedAssertions;
        }
        List<String> notes = messages.stream().filter(m -> !m.startsWith(SKIPPED)).toList();
        return qualifiedName() + ": " + detail + (notes.isEmpty() ? "" : " " + notes);
    }
}
