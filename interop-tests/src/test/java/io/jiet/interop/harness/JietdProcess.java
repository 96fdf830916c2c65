package io.jiet.interop.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real daemon, {@code bin/jietd -f -c FILE -a 127.0.0.1 -p PORT}, as a subprocess on a free loopback port.
 * {@link #start} returns once the port accepts connections; {@link #close} sends SIGTERM and requires exit status 0.
 * Output (stdout and stderr together) goes to {@code jietd.log} in the work directory; {@link #logTail()} is meant
 * for assertion messages.
 *
 * <p>Threading: one test thread owns an instance; {@link #close} is idempotent.
 */
public final class JietdProcess implements AutoCloseable {
    public static final String HOST = "127.0.0.1";
    public static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(20);
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final int TAIL_LINES = 80;
    private static final int START_ATTEMPTS = 3;

    private final Process process;
    private final int port;
    private final Path configFile;
    private final Path logFile;
    private final Thread killOnJvmExit;
    private Integer exitCode;
    private boolean terminatedByTest;
    private boolean killedByTest;

    private JietdProcess(Process process, int port, Path configFile, Path logFile) {
        this.process = process;
        this.port = port;
        this.configFile = configFile;
        this.logFile = logFile;
        this.killOnJvmExit = new Thread(() -> {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }, "kill-jietd-" + port);
        Runtime.getRuntime().addShutdownHook(killOnJvmExit);
    }

    /**
     * Writes {@code config} to {@code workDir/ietd.conf} and starts the daemon with it. A port taken between
     * choosing and binding it is retried with another port.
     */
    public static JietdProcess start(Path workDir, String config, String... extraArgs) {
        Path configFile = writeConfig(workDir, config);
        AssertionError lastFailure = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int port = freeLoopbackPort();
            Path logFile = workDir.resolve("jietd-" + port + ".log");
            Process process = launch(command(configFile, port, extraArgs), logFile);
            JietdProcess daemon = new JietdProcess(process, port, configFile, logFile);
            try {
                daemon.awaitListening();
                return daemon;
            } catch (AssertionError e) {
                daemon.kill();
                lastFailure = e;
                if (!daemon.logTail().contains("Address already in use")) {
                    throw e;
                }
            }
        }
        throw lastFailure;
    }

    /**
     * Runs the daemon with {@code config} and waits for it to exit by itself (the bad-configuration path);
     * fails if it is still running after {@code timeout}.
     */
    public static Exit runUntilExit(Path workDir, String config, Duration timeout, String... extraArgs) {
        Path configFile = writeConfig(workDir, config);
        int port = freeLoopbackPort();
        Path logFile = workDir.resolve("jietd-" + port + ".log");
        Process process = launch(command(configFile, port, extraArgs), logFile);
        JietdProcess daemon = new JietdProcess(process, port, configFile, logFile);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                daemon.kill();
                throw new AssertionError("jietd still running " + timeout.toSeconds() + " s after start with "
                        + configFile + "\n" + daemon.logTail());
            }
            daemon.exitCode = process.exitValue();
            daemon.unregisterHook();
            return new Exit(daemon.exitCode, read(logFile), configFile);
        } catch (InterruptedException e) {
            daemon.kill();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for jietd", e);
        }
    }

    /** How a daemon run ended: status and everything it printed. */
    public record Exit(int exitCode, String output, Path configFile) {
    }

    public int port() {
        return port;
    }

    public String host() {
        return HOST;
    }

    /** {@code 127.0.0.1:PORT}, the form SendTargets uses in {@code TargetAddress}. */
    public String portal() {
        return HOST + ":" + port;
    }

    /** {@code iscsi://127.0.0.1:PORT}, a libiscsi portal URL (discovery). */
    public String portalUrl() {
        return "iscsi://" + portal();
    }

    /** {@code iscsi://127.0.0.1:PORT/IQN/LUN}, a libiscsi logical unit URL. */
    public String url(String targetName, int lun) {
        return portalUrl() + "/" + targetName + "/" + lun;
    }

    public Path configFile() {
        return configFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * The daemon JVM's process id. bin/jietd execs java when run with {@code -f}, so the process started here is
     * the JVM itself, not a shell (its {@code /proc/PID/status} describes the JVM).
     */
    public long pid() {
        return process.pid();
    }

    /**
     * SIGKILL, as a crash or power-fail test wants it: no shutdown hook, no flush, no logout. Waits for the exit
     * and fails unless the JVM died of the signal (status 137). {@link #close} does nothing afterwards.
     */
    public void killNine() {
        if (!process.isAlive()) {
            throw new AssertionError("jietd was not running when the test meant to kill it\n" + logTail());
        }
        killedByTest = true;
        kill();
        if (process.isAlive() || exitCode == null || exitCode != 128 + 9) {
            throw new AssertionError("jietd did not die of SIGKILL (exit status " + exitCode + ")\n" + logTail());
        }
    }

    /** The last lines the daemon printed, with a header naming the log file. */
    public String logTail() {
        List<String> lines = read(logFile).lines().toList();
        List<String> tail = lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size());
        return "---- jietd log tail (" + logFile + ") ----\n" + String.join("\n", tail) + "\n---- end of jietd log ----";
    }

    /**
     * SIGTERM, then waits up to {@link #STOP_TIMEOUT}; kills the process and fails if it does not exit in time.
     * Returns the exit status (idempotent).
     */
    public int stop() {
        if (exitCode != null) {
            return exitCode;
        }
        List<ProcessHandle> children = process.descendants().toList();
        if (process.isAlive()) {
            terminatedByTest = true;
            process.destroy(); // SIGTERM; bin/jietd execs java, so the JVM receives it directly
        }
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                throw new AssertionError("jietd did not exit within " + STOP_TIMEOUT.toSeconds()
                        + " s of SIGTERM; killed\n" + logTail());
            }
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted stopping jietd", e);
        }
        children.forEach(ProcessHandle::destroyForcibly);
        exitCode = process.exitValue();
        unregisterHook();
        return exitCode;
    }

    /**
     * Stops the daemon and requires that it was still running and then exited with status 0; after
     * {@link #killNine} there is nothing left to stop or check.
     */
    @Override
    public void close() {
        if (killedByTest) {
            return;
        }
        int status = stop();
        if (!terminatedByTest) {
            throw new AssertionError("jietd exited by itself with status " + status
                    + " before the test ended\n" + logTail());
        }
        if (status != 0) {
            throw new AssertionError("jietd exited with status " + status + " after SIGTERM (expected 0)\n"
                    + logTail());
        }
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + LISTEN_TIMEOUT.toNanos();
        InetSocketAddress address = new InetSocketAddress(HOST, port);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("jietd exited with status " + process.exitValue()
                        + " before listening on " + portal() + "\n" + logTail());
            }
            try (Socket probe = new Socket()) {
                probe.connect(address, 200);
                return;
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        throw new AssertionError("jietd not listening on " + portal() + " after " + LISTEN_TIMEOUT.toSeconds()
                + " s\n" + logTail());
    }

    private void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!process.isAlive()) {
            exitCode = process.exitValue();
        }
        unregisterHook();
    }

    private void unregisterHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(killOnJvmExit);
        } catch (IllegalStateException jvmAlreadyExiting) {
            // the hook is running or about to; nothing to undo
        }
    }

    private static List<String> command(Path configFile, int port, String... extraArgs) {
        List<String> command = new ArrayList<>(List.of(RepositoryLayout.jietd().toString(),
                "-f", "-c", configFile.toString(), "-a", HOST, "-p", Integer.toString(port)));
        command.addAll(List.of(extraArgs));
        if (!command.contains("--control")) {
            // Its own control socket, not the system-wide default: daemons of other tests (or a real jietd on this
            // machine) must never receive this daemon's jietadm requests, nor lose theirs to it.
            command.addAll(List.of("--control",
                    configFile.toAbsolutePath().getParent().resolve("jietd-" + port + ".sock").toString()));
        }
        return command;
    }

    private static Process launch(List<String> command, Path logFile) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(RepositoryLayout.root().toFile())
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile());
        Map<String, String> env = builder.environment();
        // bin/jiet-java looks at JAVA_HOME first; without one, use the JDK running these tests (Java 25).
        env.putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    private static Path writeConfig(Path workDir, String config) {
        Path file = workDir.resolve("ietd.conf");
        try {
            Files.writeString(file, config, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for jietd", e);
        }
    }
}
