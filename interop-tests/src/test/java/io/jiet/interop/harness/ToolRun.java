package io.jiet.interop.harness;

import java.time.Duration;
import java.util.List;

/** One finished run of a command-line client: its status and what it printed on each stream. */
public record ToolRun(List<String> command, int exitCode, String stdout, String stderr, Duration elapsed) {

    public ToolRun {
        command = List.copyOf(command);
    }

    /** The whole run, for assertion messages. */
    public String describe() {
        return "$ " + String.join(" ", command) + "\n(exit " + exitCode + " after " + elapsed.toMillis() + " ms)\n"
                + "---- stdout ----\n" + stdout + "\n---- stderr ----\n" + stderr + "\n---- end ----";
    }
}
