package io.jiet.interop.harness;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs libiscsi's command-line clients (Debian package {@code libiscsi-bin}). When a client is missing the test
 * is aborted (reported as skipped) on a developer machine, and fails when the environment says {@code CI=true},
 * so a CI image without the package cannot go green by skipping everything.
 *
 * <p>Immutable; safe to share between tests.
 */
public final class Libiscsi {
    /** The clients these tests use, by executable name. */
    public enum Tool {
        ISCSI_LS("iscsi-ls"),
        ISCSI_INQ("iscsi-inq"),
        ISCSI_READCAPACITY16("iscsi-readcapacity16"),
        ISCSI_TEST_CU("iscsi-test-cu");

        private final String executable;

        Tool(String executable) {
            this.executable = executable;
        }

        public String executable() {
            return executable;
        }
    }

    private final Map<Tool, Path> executables;

    private Libiscsi(Map<Tool, Path> executables) {
        this.executables = executables;
    }

    /** The clients named, or abort/fail the calling test as described on the class. */
    public static Libiscsi require(Tool... tools) {
        Map<Tool, Path> found = new EnumMap<>(Tool.class);
        List<String> missing = new ArrayList<>();
        for (Tool tool : tools) {
            find(tool.executable()).ifPresentOrElse(path -> found.put(tool, path), () -> missing.add(tool.executable()));
        }
        if (!missing.isEmpty()) {
            String message = "libiscsi-bin not installed (missing " + String.join(", ", missing)
                    + "): apt-get install libiscsi-bin";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(message + " [CI=true: interop tests must not be skipped]");
            }
            Assumptions.abort(message);
        }
        return new Libiscsi(found);
    }

    /** Runs {@code tool args...}; fails the test if it has not exited after {@code timeout}. */
    public ToolRun run(Tool tool, Duration timeout, String... args) {
        Path executable = executables.get(tool);
        if (executable == null) {
            throw new IllegalArgumentException(tool + " was not requested in Libiscsi.require");
        }
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(List.of(args));
        return exec(command, timeout);
    }

    static ToolRun exec(List<String> command, Duration timeout) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("jiet-tool-", ".out");
            err = Files.createTempFile("jiet-tool-", ".err");
            long started = System.nanoTime();
            // Files, not pipes: nothing can block on a full pipe, and stdout keeps its own order.
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                ToolRun partial = new ToolRun(command, -1, read(out), read(err), Duration.ofNanos(System.nanoTime() - started));
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s, killed:\n" + partial.describe());
            }
            return new ToolRun(command, process.exitValue(), read(out), read(err),
                    Duration.ofNanos(System.nanoTime() - started));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command, e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static Optional<Path> find(String executable) {
        Set<String> dirs = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        dirs.addAll(List.of("/usr/bin", "/usr/local/bin", "/bin"));
        return dirs.stream()
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, executable))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
        }
    }
}
