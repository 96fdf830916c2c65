package io.jiet.interop.linux;

import io.jiet.interop.harness.RepositoryLayout;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The host side of the lab's {@code alua} fail mode: waits for the guest's {@code @@ALUA fio-start} cue on the
 * serial console, then moves target port group 1 through standby, unavailable and back to active/optimized with
 * {@code bin/jietadm}, measuring per phase how many bytes went through each portal (jietd's
 * {@code jiet_portal_*_bytes_total} counters). At the guest's {@code @@ALUA prio-check} it puts group 2 in standby
 * until {@code @@ALUA prio-done}, then restores it to active/non-optimized.
 * <p>
 * Threading: runs on one thread of its own while the guest runs; {@link #phases} is read after {@link #drive}
 * returned.
 */
final class AluaFailoverDriver {

    /** Bytes (read + written by jietd) through each portal during one phase. */
    record Phase(String name, long portal1, long portal2) {
        @Override
        public String toString() {
            return name + ": portal1 +" + portal1 + " B, portal2 +" + portal2 + " B";
        }
    }

    private static final Duration START_LIMIT = Duration.ofSeconds(420);
    private final Path console;
    private final Path control;
    private final URI metrics;
    private final String portal1;
    private final String portal2;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Phase> phases = new ArrayList<>();
    private final List<String> log = new ArrayList<>();
    private boolean fioRanThroughout;

    AluaFailoverDriver(Path console, Path control, URI metrics, String portal1, String portal2) {
        this.console = console;
        this.control = control;
        this.metrics = metrics;
        this.portal1 = portal1;
        this.portal2 = portal2;
    }

    List<Phase> phases() {
        return List.copyOf(phases);
    }

    List<String> log() {
        return List.copyOf(log);
    }

    /** Whether fio had not ended when the last phase was measured. */
    boolean fioRanThroughout() {
        return fioRanThroughout;
    }

    void drive() throws IOException, InterruptedException {
        await("@@ALUA fio-start", START_LIMIT);
        Thread.sleep(1000);
        measure("active-optimized", Duration.ofSeconds(5));
        setState(1, "standby");
        Thread.sleep(2000);
        measure("group 1 standby", Duration.ofSeconds(6));
        setState(1, "unavailable");
        Thread.sleep(2000);
        measure("group 1 unavailable", Duration.ofSeconds(6));
        setState(1, "active-optimized");
        Thread.sleep(8000);
        measure("group 1 active-optimized again", Duration.ofSeconds(5));
        fioRanThroughout = !consoleHas("@@ALUA fio-end");
        await("@@ALUA prio-check", Duration.ofSeconds(200));
        setState(2, "standby");
        await("@@ALUA prio-done", Duration.ofSeconds(90));
        setState(2, "active-nonoptimized");
    }

    private void measure(String name, Duration length) throws IOException, InterruptedException {
        long[] before = counters();
        Thread.sleep(length.toMillis());
        long[] after = counters();
        Phase phase = new Phase(name, after[0] - before[0], after[1] - before[1]);
        phases.add(phase);
        log.add("phase " + phase);
    }

    /** read + written bytes of portal 1 and portal 2 from jietd's metrics. */
    private long[] counters() throws IOException, InterruptedException {
        String text = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return new long[] {portalBytes(text, portal1), portalBytes(text, portal2)};
    }

    static long portalBytes(String exposition, String portal) {
        Matcher m = Pattern.compile("(?m)^jiet_portal_(?:read|written)_bytes_total\\{portal=\""
                + Pattern.quote(portal) + "\"} (\\S+)$").matcher(exposition);
        long sum = 0;
        int found = 0;
        while (m.find()) {
            sum += (long) Double.parseDouble(m.group(1));
            found++;
        }
        if (found != 2) {
            throw new AssertionError("no byte counters for portal " + portal + " in jietd's metrics");
        }
        return sum;
    }

    private void setState(int group, String state) throws IOException, InterruptedException {
        List<String> command = List.of(RepositoryLayout.root().resolve("bin/jietadm").toString(),
                "--control", control.toString(), "--op", "update", "--tid", "1", "--tpg", Integer.toString(group),
                "--params", "State=" + state);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("jietadm " + String.join(" ", command) + " failed: " + out);
        }
        log.add("jietadm: group " + group + " -> " + state + (out.isEmpty() ? "" : " (" + out + ")"));
    }

    private void await(String cue, Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!consoleHas(cue)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the guest did not print " + cue + " within " + limit);
            }
            Thread.sleep(500);
        }
        log.add("guest: " + cue);
    }

    private boolean consoleHas(String cue) throws IOException {
        if (!Files.exists(console)) {
            return false;
        }
        String text = new String(Files.readAllBytes(console), StandardCharsets.ISO_8859_1);
        return Pattern.compile("(?m)^" + Pattern.quote(cue) + "\\b").matcher(text).find();
    }
}
