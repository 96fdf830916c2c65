package io.jiet.interop.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * tgt's {@code tgtd} (Debian package {@code tgt}), a known-good iSCSI target used only to check this module's own
 * initiator and parsers; see {@code ReferenceTargetTest}. tgtd needs root. Its LUN 0 is always a controller, so
 * disks start at LUN 1.
 *
 * <p>Threading: one test thread owns an instance.
 */
public final class TgtdProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final int controlPort;
    private final Path log;

    private TgtdProcess(Process process, int port, int controlPort, Path log) {
        this.process = process;
        this.port = port;
        this.controlPort = controlPort;
        this.log = log;
    }

    public static TgtdProcess start(Path workDir) {
        int port = freePort();
        int controlPort = 20000 + port % 10000;
        Path log = workDir.resolve("tgtd.log");
        try {
            Process process = new ProcessBuilder("tgtd", "-f", "-C", Integer.toString(controlPort),
                    "--iscsi", "portal=" + JietdProcess.HOST + ":" + port)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            TgtdProcess tgtd = new TgtdProcess(process, port, controlPort, log);
            tgtd.awaitListening();
            return tgtd;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start tgtd", e);
        }
    }

    public int port() {
        return port;
    }

    /** {@code tgtadm -C CONTROL --lld iscsi ARGS...}; fails the test unless it exits 0. */
    public void tgtadm(String... args) {
        List<String> command = new ArrayList<>(List.of("tgtadm", "-C", Integer.toString(controlPort), "--lld", "iscsi"));
        command.addAll(List.of(args));
        ToolRun run = Libiscsi.exec(command, Duration.ofSeconds(20));
        if (run.exitCode() != 0) {
            throw new AssertionError(run.describe());
        }
    }

    public void target(int tid, String name) {
        tgtadm("--op", "new", "--mode", "target", "--tid", Integer.toString(tid), "-T", name);
        tgtadm("--op", "bind", "--mode", "target", "--tid", Integer.toString(tid), "-I", "ALL");
    }

    public void lun(int tid, int lun, Path image) {
        tgtadm("--op", "new", "--mode", "logicalunit", "--tid", Integer.toString(tid), "--lun", Integer.toString(lun),
                "-b", image.toString());
    }

    public void targetParameter(int tid, String name, String value) {
        tgtadm("--op", "update", "--mode", "target", "--tid", Integer.toString(tid), "--name", name, "--value", value);
    }

    /** tgtd ignores SIGTERM while it has targets; its own way out is deleting the "system". */
    @Override
    public void close() {
        Libiscsi.exec(List.of("tgtadm", "-C", Integer.toString(controlPort), "--op", "delete", "--mode", "system",
                "--force"), Duration.ofSeconds(10));
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("tgtd exited with " + process.exitValue() + "; see " + log);
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(JietdProcess.HOST, port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
        close();
        throw new AssertionError("tgtd not listening on port " + port + "; see " + log);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(JietdProcess.HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
