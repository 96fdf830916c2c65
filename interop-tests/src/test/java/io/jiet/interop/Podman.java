package io.jiet.interop;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * podman as this machine runs it: runc, the cgroupfs manager, no default ulimits (a containers.conf written to the
 * work directory and passed as {@code CONTAINERS_CONF}), and a private vfs image store under the work directory, so
 * the test neither needs nor touches the host's images. Every command is bounded in time.
 *
 * <p>Threading: one test class owns an instance.
 */
final class Podman {
    private final Path executable;
    private final Path workDir;
    private final Path containersConf;

    private Podman(Path executable, Path workDir, Path containersConf) {
        this.executable = executable;
        this.workDir = workDir;
        this.containersConf = containersConf;
    }

    /** podman from the PATH, or the calling test is aborted (reported as skipped) with how to install it. */
    static Podman require(Path workDir) {
        Optional<Path> found = Stream.concat(Stream.of(System.getenv().getOrDefault("PATH", "")
                        .split(File.pathSeparator)), Stream.of("/usr/bin", "/usr/local/bin"))
                .filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, "podman"))
                .filter(Files::isExecutable)
                .findFirst();
        Assumptions.assumeTrue(found.isPresent(),
                "podman is not installed: apt-get install podman (and mmdebstrap umoci to build the image)");
        try {
            Path conf = workDir.resolve("containers.conf");
            Files.writeString(conf, "[containers]\ndefault_ulimits = []\n");
            return new Podman(found.get(), workDir, conf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A finished command: status and output (stdout and stderr together). */
    record Run(List<String> command, int exitCode, String output) {
        String describe() {
            return "$ " + String.join(" ", command) + "\n(exit " + exitCode + ")\n" + output;
        }
    }

    /** {@code podman GLOBAL-OPTIONS args…}, failing the test when it outlives {@code timeout}. */
    Run run(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of(executable.toString(),
                "--root", workDir.resolve("storage").toString(),
                "--runroot", workDir.resolve("run").toString(),
                "--storage-driver", "vfs", "--runtime", "runc", "--cgroup-manager", "cgroupfs",
                "--events-backend", "file"));
        command.addAll(List.of(args));
        return exec(command, timeout, containersConf);
    }

    /** Any command (bin/build-image), output to a file in the work directory; bounded by {@code timeout}. */
    static Run exec(List<String> command, Duration timeout, Path containersConf) {
        try {
            Path out = Files.createTempFile("jiet-podman-", ".out");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(out.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
                if (containersConf != null) {
                    builder.environment().put("CONTAINERS_CONF", containersConf.toString());
                }
                Process process = builder.start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                    throw new AssertionError("timed out after " + timeout.toSeconds() + " s, killed: "
                            + String.join(" ", command) + "\n" + Files.readString(out, StandardCharsets.UTF_8));
                }
                return new Run(command, process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command, e);
        }
    }
}
