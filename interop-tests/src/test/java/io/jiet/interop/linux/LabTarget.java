package io.jiet.interop.linux;

import io.jiet.interop.harness.RepositoryLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/jietd -f -c FILE} serving the lab's config, whose {@code Portal} lines put it on two loopback
 * addresses with one port from the lab's range (3290-3299). The harness's {@code JietdProcess} always adds a random
 * port on 127.0.0.1, which the lab must not use, hence this launcher. Ready when every portal accepts TCP.
 *
 * <p>Threading: one test thread owns an instance.
 */
final class LabTarget implements AutoCloseable {
    static final int FIRST_PORT = 3290;
    static final int LAST_PORT = 3299;
    private static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private final Process process;
    private final Path log;
    private final List<InetSocketAddress> portals;

    private LabTarget(Process process, Path log, List<InetSocketAddress> portals) {
        this.process = process;
        this.log = log;
        this.portals = portals;
    }

    /** A port of the lab range that is free on every one of {@code hosts}. */
    static Optional<Integer> freeLabPort(List<String> hosts) {
        return freeLabPort(hosts, -1);
    }

    /** A port of the lab range other than {@code taken} that is free on every one of {@code hosts}. */
    static Optional<Integer> freeLabPort(List<String> hosts, int taken) {
        return java.util.stream.IntStream.rangeClosed(FIRST_PORT, LAST_PORT)
                .filter(port -> port != taken && hosts.stream().allMatch(h -> bindable(h, port)))
                .boxed().findFirst();
    }

    static LabTarget start(Path workDir, String config, List<InetSocketAddress> portals) throws IOException {
        return start(workDir, config, portals, List.of());
    }

    /** As {@link #start(Path, String, List)} with extra jietd options, e.g. {@code --control} and {@code --metrics}. */
    static LabTarget start(Path workDir, String config, List<InetSocketAddress> portals, List<String> options)
            throws IOException {
        Path conf = workDir.resolve("ietd.conf");
        Files.writeString(conf, config, StandardCharsets.UTF_8);
        Path log = workDir.resolve("jietd.log");
        List<String> command = new java.util.ArrayList<>(List.of(RepositoryLayout.jietd().toString(), "-f", "-c",
                conf.toString()));
        command.addAll(options);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(RepositoryLayout.root().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
        LabTarget target = new LabTarget(builder.start(), log, portals);
        try {
            target.awaitPortals();
        } catch (RuntimeException | Error e) {
            target.process.destroyForcibly();
            throw e;
        }
        return target;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** SIGTERM; returns the exit status, killing the daemon if it does not stop in time. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
            return -1;
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }

    private void awaitPortals() {
        long deadline = System.nanoTime() + LISTEN_TIMEOUT.toNanos();
        for (InetSocketAddress portal : portals) {
            while (true) {
                if (!process.isAlive()) {
                    throw new AssertionError("jietd exited with " + process.exitValue() + "\n" + logTail(40));
                }
                try (Socket s = new Socket()) {
                    s.connect(portal, 200);
                    break;
                } catch (IOException notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("jietd not listening on " + portal + "\n" + logTail(40));
                    }
                    sleep();
                }
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static boolean bindable(String host, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(host, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
