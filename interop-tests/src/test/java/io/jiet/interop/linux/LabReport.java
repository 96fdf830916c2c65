package io.jiet.interop.linux;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code interop-tests/linux-lab/run.sh} printed: one {@code OUTCOME step detail} line per guest step, a
 * {@code timing:} line and {@code RESULT: PASS|FAIL ...}. Immutable.
 */
record LabReport(Map<String, Step> steps, Optional<String> result, Optional<String> timing) {

    enum Outcome { PASS, FAIL, SKIP, INFO }

    record Step(String name, Outcome outcome, String detail) {
    }

    private static final Pattern STEP = Pattern.compile("^(PASS|FAIL|SKIP|INFO) +(\\S+) *(.*)$");
    private static final Pattern RESULT = Pattern.compile("^RESULT: (PASS|FAIL)\\b.*$");

    LabReport {
        steps = Map.copyOf(steps);
    }

    static LabReport parse(String output) {
        Map<String, Step> steps = new LinkedHashMap<>();
        String result = null;
        String timing = null;
        for (String line : output.lines().toList()) {
            Matcher step = STEP.matcher(line);
            Matcher res = RESULT.matcher(line);
            if (res.matches()) {
                result = res.group(1);
            } else if (line.startsWith("timing: ")) {
                timing = line.substring("timing: ".length());
            } else if (step.matches()) {
                steps.put(step.group(2), new Step(step.group(2), Outcome.valueOf(step.group(1)), step.group(3)));
            }
        }
        return new LabReport(steps, Optional.ofNullable(result), Optional.ofNullable(timing));
    }

    Optional<Outcome> outcome(String step) {
        return Optional.ofNullable(steps.get(step)).map(Step::outcome);
    }

    boolean passed() {
        return result.filter("PASS"::equals).isPresent();
    }
}
