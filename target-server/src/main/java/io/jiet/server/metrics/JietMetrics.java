package io.jiet.server.metrics;

import io.jiet.conf.AsymmetricAccessState;
import io.jiet.scsi.LogicalUnit;
import io.jiet.server.login.LoginStatus;
import io.jiet.server.session.Session;
import io.jiet.server.session.SessionConnection;
import io.jiet.server.session.SessionRegistry;
import io.jiet.server.target.ConnectionObserver;
import io.jiet.server.target.LiveConnections;
import io.jiet.server.net.PortalTraffic;
import io.jiet.server.target.ListeningPortal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * jiet's metrics in Prometheus form. Every name jiet defines starts with {@code jiet_}:
 * <ul>
 * <li>{@code jiet_lun_commands_total}, {@code jiet_lun_command_errors_total} and the histogram
 * {@code jiet_lun_command_seconds} by target, lun and op (read, write, other);
 * {@code jiet_lun_read_bytes_total} and {@code jiet_lun_write_bytes_total} by target and lun;</li>
 * <li>{@code jiet_sessions} by target, {@code jiet_connections} by target and portal (normal sessions; from the
 * session registry and the connections the network layer reports);</li>
 * <li>{@code jiet_portal_read_bytes_total} and {@code jiet_portal_written_bytes_total} by portal: every byte of
 * every connection through that listening portal (from {@link #watch(PortalTraffic)}), and of those written
 * {@code jiet_portal_sendfile_bytes_total}: Data-In data sent from the page cache without a copy;</li>
 * <li>{@code jiet_login_failures_total} by reason (the RFC 7143 §11.13.5 status, e.g. authentication_failure) and
 * {@code jiet_login_redirects_total};</li>
 * <li>{@code jiet_alua_state} by target and group: the SPC-4 asymmetric access state code (0 active/optimized ...
 * 15 transitioning), set through {@link #aluaState};</li>
 * </ul>
 * plus Micrometer's JVM and process metrics ({@code jvm_*}, {@code process_*}, {@code system_*}).
 * <p>
 * Threading: thread-safe; meters are updated from worker threads and event loops, scraped from the HTTP thread.
 */
public final class JietMetrics implements ConnectionObserver, AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Map<String, Counter> loginFailures = new ConcurrentHashMap<>();
    private final Counter loginRedirects;
    private final Map<Tags, AtomicInteger> aluaStates = new ConcurrentHashMap<>();
    private final MultiGauge sessions;
    private final MultiGauge connections;
    private volatile SessionRegistry sessionSource;
    private volatile LiveConnections connectionSource;
    private volatile PortalTraffic trafficSource;
    private final Map<ListeningPortal, Boolean> meteredPortals = new ConcurrentHashMap<>();

    public JietMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        loginRedirects = Counter.builder("jiet.login.redirects")
                .description("logins answered with a redirection (TargetAddress)").register(registry);
        sessions = MultiGauge.builder("jiet.sessions").description("normal sessions logged in, by target")
                .register(registry);
        connections = MultiGauge.builder("jiet.connections")
                .description("connections of normal sessions, by target and portal").register(registry);
    }

    /** Where the session and connection gauges are read from at each scrape. */
    public void watch(SessionRegistry sessions, LiveConnections connections) {
        this.sessionSource = sessions;
        this.connectionSource = connections;
    }

    /** Where the per-portal byte counters are read from; portals bound later are picked up at the next scrape. */
    public void watch(PortalTraffic traffic) {
        this.trafficSource = traffic;
        registerPortalCounters();
    }

    /** {@code unit} with its commands counted as LUN {@code lun} of {@code target}. */
    public LogicalUnit meter(String target, int lun, LogicalUnit unit) {
        return new MeteredLogicalUnit(unit, registry, target, lun);
    }

    /** Drops the meters of a unit returned by {@link #meter} (its LUN was removed). */
    public void forget(LogicalUnit unit) {
        if (unit instanceof MeteredLogicalUnit metered) {
            metered.meters().forEach(registry::remove);
        }
    }

    /**
     * Records the asymmetric access state of target port group {@code group} of {@code target}: the hook for the
     * ALUA state machine, to call at start-up and at every transition.
     */
    public void aluaState(String target, int group, AsymmetricAccessState state) {
        Tags tags = Tags.of("target", target, "group", Integer.toString(group));
        aluaStates.computeIfAbsent(tags, t -> {
            AtomicInteger code = new AtomicInteger();
            Gauge.builder("jiet.alua.state", code, AtomicInteger::get).tags(t)
                    .description("asymmetric access state (SPC-4 code) of a target port group").register(registry);
            return code;
        }).set(state.code());
    }

    @Override
    public void loggedIn(Session session, SessionConnection connection, InetSocketAddress initiator) {
        // gauges are computed at scrape time
    }

    @Override
    public void closed(Session session, SessionConnection connection) {
        // gauges are computed at scrape time
    }

    @Override
    public void loginFailed(LoginStatus status, InetSocketAddress initiator) {
        switch (status) {
            case SUCCESS -> {
            }
            case TARGET_MOVED_TEMPORARILY -> loginRedirects.increment();
            default -> loginFailures.computeIfAbsent(status.name().toLowerCase(Locale.ROOT),
                    reason -> Counter.builder("jiet.login.failures").tag("reason", reason)
                            .description("refused logins by RFC 7143 status").register(registry)).increment();
        }
    }

    /** The Prometheus text exposition of every metric, with the session gauges brought up to date. */
    public String scrape() {
        refreshSessionGauges();
        registerPortalCounters();
        return registry.scrape();
    }

    private void registerPortalCounters() {
        PortalTraffic traffic = trafficSource;
        if (traffic == null) {
            return;
        }
        traffic.portals().forEach((portal, bytes) -> meteredPortals.computeIfAbsent(portal, p -> {
            Tags tags = Tags.of("portal", PortalLabel.of(p.bound()));
            FunctionCounter.builder("jiet.portal.read.bytes", bytes, PortalTraffic.Bytes::read).tags(tags)
                    .description("bytes received on connections through a portal").register(registry);
            FunctionCounter.builder("jiet.portal.written.bytes", bytes, PortalTraffic.Bytes::written).tags(tags)
                    .description("bytes sent on connections through a portal").register(registry);
            FunctionCounter.builder("jiet.portal.sendfile.bytes", bytes, PortalTraffic.Bytes::sentFromFiles)
                    .tags(tags).description("Data-In bytes sent from backing files without a copy (sendfile)")
                    .register(registry);
            return Boolean.TRUE;
        }));
    }

    private void refreshSessionGauges() {
        SessionRegistry source = sessionSource;
        if (source == null) {
            return;
        }
        Map<String, Integer> perTarget = new TreeMap<>();
        for (Session s : source.all()) {
            if (s.target() != null && !s.closed()) {
                perTarget.merge(s.target().name(), 1, Integer::sum);
            }
        }
        List<MultiGauge.Row<?>> sessionRows = new ArrayList<>();
        perTarget.forEach((target, n) -> sessionRows.add(MultiGauge.Row.of(Tags.of("target", target), n)));
        sessions.register(sessionRows, true);

        Map<Tags, Integer> perPortal = new java.util.LinkedHashMap<>();
        LiveConnections live = connectionSource;
        if (live != null) {
            for (LiveConnections.Entry e : live.all()) {
                if (e.session().target() != null) {
                    perPortal.merge(Tags.of("target", e.session().target().name(), "portal",
                            PortalLabel.of(e.portal())), 1, Integer::sum);
                }
            }
        }
        List<MultiGauge.Row<?>> connectionRows = new ArrayList<>();
        perPortal.forEach((tags, n) -> connectionRows.add(MultiGauge.Row.of(tags, n)));
        connections.register(connectionRows, true);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
