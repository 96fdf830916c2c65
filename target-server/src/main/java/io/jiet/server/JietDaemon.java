package io.jiet.server;

import io.jiet.conf.ConfigException;
import io.jiet.conf.IetdConfig;
import io.jiet.conf.IetdConfigParser;
import io.jiet.conf.PortalAddress;
import io.jiet.conf.TargetDefinition;
import io.jiet.server.admin.ConfigReload;
import io.jiet.server.admin.ControlServer;
import io.jiet.server.admin.OperationRefused;
import io.jiet.server.admin.RunningConfiguration;
import io.jiet.server.login.ChapAccounts;
import io.jiet.server.metrics.JietMetrics;
import io.jiet.server.metrics.MetricsEndpoint;
import io.jiet.server.net.NetworkTransport;
import io.jiet.server.net.PortalServer;
import io.jiet.server.session.SendTargetsDirectory;
import io.jiet.server.session.Session;
import io.jiet.server.session.SessionRegistry;
import io.jiet.server.target.ConfiguredLun;
import io.jiet.server.target.IscsiTarget;
import io.jiet.server.target.LiveConnections;
import io.jiet.server.target.ListeningPortal;
import io.jiet.server.target.TargetRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running jiet target server: the targets and LUNs of one configuration, served on a set of portals, with the
 * optional control socket (jietadm) and metrics endpoint. Start with {@link #start}, re-read the configuration
 * with {@link #reload}, stop with {@link #close}: connections are closed, in-flight commands finish, and every
 * LUN is flushed and closed.
 */
public final class JietDaemon implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JietDaemon.class);
    private static final long LOGIN_TIMEOUT_MILLIS = 30_000;
    /** How long a planned shutdown waits for initiators to log out before it closes their connections. */
    private static final int LOGOUT_GRACE_SECONDS = 2;

    /**
     * What the daemon offers besides its portals. {@code configFile} is what reload re-reads and save writes
     * (empty for the demo); {@code control} the jietadm socket, which must open when {@code controlRequired}
     * (else a failure is logged and jietd runs without it); {@code metrics} the address of /metrics.
     */
    public record Services(Optional<Path> configFile, Optional<Path> control, boolean controlRequired,
                           Optional<InetSocketAddress> metrics) {
        public static final Services NONE = new Services(Optional.empty(), Optional.empty(), false,
                Optional.empty());
    }

    private final RunningConfiguration running;
    private final PortalServer server;
    private final List<InetSocketAddress> boundPortals;
    private final Optional<ControlServer> control;
    private final Optional<JietMetrics> metrics;
    private final Optional<MetricsEndpoint> metricsEndpoint;

    private JietDaemon(RunningConfiguration running, PortalServer server, List<InetSocketAddress> boundPortals,
                       Optional<ControlServer> control, Optional<JietMetrics> metrics,
                       Optional<MetricsEndpoint> metricsEndpoint) {
        this.running = running;
        this.server = server;
        this.boundPortals = boundPortals;
        this.control = control;
        this.metrics = metrics;
        this.metricsEndpoint = metricsEndpoint;
    }

    /** Opens every LUN of {@code config} and listens on {@code portals}, without control socket or metrics. */
    public static JietDaemon start(IetdConfig config, List<PortalAddress> portals)
            throws IOException, InterruptedException {
        return start(config, portals, Services.NONE);
    }

    /** Opens every LUN of {@code config}, listens on {@code portals} and starts the {@code services} asked for. */
    public static JietDaemon start(IetdConfig config, List<PortalAddress> portals, Services services)
            throws IOException, InterruptedException {
        Optional<JietMetrics> metrics = services.metrics().map(address -> new JietMetrics());
        TargetRegistry registry = new TargetRegistry(List.of(),
                new ChapAccounts(config.incomingUsers(), config.outgoingUser()));
        SendTargetsDirectory directory = new SendTargetsDirectory(registry);
        SessionRegistry sessions = new SessionRegistry(directory);
        LiveConnections connections = new LiveConnections();
        registry.connectionObserver(metrics.<io.jiet.server.target.ConnectionObserver>map(connections::andThen)
                .orElse(connections));
        RunningConfiguration running = new RunningConfiguration(registry, sessions, connections,
                new DaemonResources(metrics), services.configFile(), config, portals);
        try {
            for (TargetDefinition definition : config.targets()) {
                running.addTarget(definition, config.source(), null);
            }
        } catch (OperationRefused e) {
            release(registry);
            metrics.ifPresent(JietMetrics::close);
            throw new IOException(e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            release(registry);
            metrics.ifPresent(JietMetrics::close);
            throw e;
        }
        PortalServer server = new PortalServer(NetworkTransport.best(),
                Math.max(1, Runtime.getRuntime().availableProcessors()), registry, sessions, LOGIN_TIMEOUT_MILLIS);
        List<ListeningPortal> bound;
        Optional<ControlServer> control = Optional.empty();
        Optional<MetricsEndpoint> endpoint = Optional.empty();
        try {
            bound = server.bind(portals);
            directory.setPortals(bound);
            control = openControl(services, running);
            if (metrics.isPresent()) {
                JietMetrics m = metrics.get();
                m.watch(sessions, connections);
                m.watch(server.traffic());
                InetSocketAddress address = services.metrics().orElseThrow();
                try {
                    endpoint = Optional.of(MetricsEndpoint.start(address, m::scrape));
                } catch (IOException e) {
                    throw new IOException("cannot serve metrics on " + address + ": " + e.getMessage(), e);
                }
                log.info("metrics on http://{}/metrics", hostPort(endpoint.get().address()));
            }
        } catch (IOException | RuntimeException | InterruptedException e) {
            control.ifPresent(ControlServer::close);
            server.close();
            release(registry);
            metrics.ifPresent(JietMetrics::close);
            throw e;
        }
        return new JietDaemon(running, server, bound.stream().map(ListeningPortal::bound).toList(), control, metrics,
                endpoint);
    }

    private static Optional<ControlServer> openControl(Services services, RunningConfiguration running)
            throws IOException {
        if (services.control().isEmpty()) {
            return Optional.empty();
        }
        Path path = services.control().get();
        try {
            return Optional.of(ControlServer.open(path, running));
        } catch (IOException e) {
            if (services.controlRequired()) {
                throw new IOException("cannot open control socket " + path + ": " + e.getMessage(), e);
            }
            log.warn("no control socket, jietadm cannot reach this daemon: {}: {} (give --control PATH)", path,
                    e.getMessage());
            return Optional.empty();
        }
    }

    /** Closes what a failed start had opened. */
    private static void release(TargetRegistry registry) {
        for (IscsiTarget t : registry.all()) {
            t.workers().shutdownNow();
            t.luns().values().forEach(l -> l.unit().close());
        }
    }

    public List<InetSocketAddress> boundPortals() {
        return boundPortals;
    }

    public List<Session> sessions() {
        return running.sessions().all();
    }

    /** The targets, LUNs and accounts as they run; what jietadm changes. */
    public RunningConfiguration configuration() {
        return running;
    }

    public Optional<Path> controlSocket() {
        return control.map(ControlServer::path);
    }

    /** Bytes through each listening portal, whether or not metrics are exported. */
    public io.jiet.server.net.PortalTraffic traffic() {
        return server.traffic();
    }

    /** The metrics, when {@code --metrics} asked for them (e.g. to report ALUA states). */
    public Optional<JietMetrics> metrics() {
        return metrics;
    }

    public Optional<InetSocketAddress> metricsAddress() {
        return metricsEndpoint.map(MetricsEndpoint::address);
    }

    /**
     * SIGHUP: re-reads the configuration file and applies it (see {@link ConfigReload}). A file that does not
     * parse changes nothing; the error is logged.
     */
    public Optional<ConfigReload.Outcome> reload() {
        Optional<Path> file = running.configFile();
        if (file.isEmpty()) {
            log.info("reload: jietd serves the embedded demo; there is no configuration file to re-read");
            return Optional.empty();
        }
        IetdConfigParser.Result parsed;
        try {
            parsed = IetdConfigParser.parseWithWarnings(file.get());
        } catch (ConfigException e) {
            log.error("reload failed, configuration unchanged: {}", e.getMessage());
            return Optional.empty();
        } catch (IOException e) {
            log.error("reload failed, configuration unchanged: {}: {}", file.get(), e.getMessage());
            return Optional.empty();
        }
        parsed.warnings().forEach(w -> log.warn("{}", w));
        return Optional.of(ConfigReload.apply(running, parsed.config()));
    }

    /** Sends new logins to {@code target} elsewhere ({@code ip[:port]}), or serves them again when empty. */
    public void redirect(String targetName, Optional<String> address) {
        IscsiTarget target = running.targets().all().stream().filter(t -> t.name().equals(targetName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no target " + targetName));
        target.redirect().set(address);
        log.info("target {}: logins {}", targetName, address.map(a -> "redirected to " + a).orElse("served"));
    }

    /**
     * Stops the daemon. Sessions are first asked to log out (Async Message, RFC 7143 §11.9.1) and given a moment to
     * do so; then connections are closed, in-flight commands finish, and every LUN is flushed and closed.
     */
    @Override
    public void close() {
        control.ifPresent(ControlServer::close);
        metricsEndpoint.ifPresent(MetricsEndpoint::close);
        SessionRegistry sessions = running.sessions();
        List<Session> open = sessions.all();
        log.info("shutting down: asking {} session(s) to log out", open.size());
        open.forEach(s -> s.requestLogout(LOGOUT_GRACE_SECONDS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LOGOUT_GRACE_SECONDS);
        while (!sessions.all().isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        server.close();
        List<IscsiTarget> targets;
        synchronized (running) {
            targets = running.targets().all();
        }
        for (IscsiTarget t : targets) {
            t.workers().shutdown();
        }
        for (IscsiTarget t : targets) {
            try {
                if (!t.workers().awaitTermination(30, TimeUnit.SECONDS)) {
                    log.warn("target {}: commands still running after 30 s", t.name());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (IscsiTarget t : targets) {
            for (ConfiguredLun lun : t.luns().values()) {
                lun.unit().close(); // flushes the backstore
            }
        }
        metrics.ifPresent(JietMetrics::close);
        log.info("stopped");
    }

    /** {@code 127.0.0.1:9100} or {@code [::1]:9100}. */
    private static String hostPort(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
