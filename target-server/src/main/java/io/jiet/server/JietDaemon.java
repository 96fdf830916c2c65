package io.jiet.server;

import io.jiet.conf.IetdConfig;
import io.jiet.conf.LunDefinition;
import io.jiet.conf.PortalAddress;
import io.jiet.conf.TargetDefinition;
import io.jiet.scsi.LogicalUnit;
import io.jiet.scsi.ScsiTargetDevice;
import io.jiet.server.login.ChapAccounts;
import io.jiet.server.net.NetworkTransport;
import io.jiet.server.net.PortalServer;
import io.jiet.server.session.SendTargetsDirectory;
import io.jiet.server.session.Session;
import io.jiet.server.session.SessionRegistry;
import io.jiet.server.target.IscsiTarget;
import io.jiet.server.target.LogicalUnitFactory;
import io.jiet.server.target.TargetRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running jiet target server: the targets and LUNs of one configuration, served on a set of portals. Start with
 * {@link #start}, stop with {@link #close}: connections are closed, in-flight commands finish, and every LUN is
 * flushed and closed.
 */
public final class JietDaemon implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JietDaemon.class);
    private static final long LOGIN_TIMEOUT_MILLIS = 30_000;
    /** How long a planned shutdown waits for initiators to log out before it closes their connections. */
    private static final int LOGOUT_GRACE_SECONDS = 2;

    private final List<IscsiTarget> targets;
    private final List<LogicalUnit> logicalUnits;
    private final PortalServer server;
    private final SessionRegistry sessions;
    private final List<InetSocketAddress> boundPortals;

    private JietDaemon(List<IscsiTarget> targets, List<LogicalUnit> logicalUnits, PortalServer server,
                       SessionRegistry sessions, List<InetSocketAddress> boundPortals) {
        this.targets = targets;
        this.logicalUnits = logicalUnits;
        this.server = server;
        this.sessions = sessions;
        this.boundPortals = boundPortals;
    }

    /** Opens every LUN of {@code config} and listens on {@code portals}. */
    public static JietDaemon start(IetdConfig config, List<PortalAddress> portals)
            throws IOException, InterruptedException {
        List<IscsiTarget> targets = new ArrayList<>();
        List<LogicalUnit> opened = new ArrayList<>();
        try {
            for (TargetDefinition definition : config.targets()) {
                Map<Integer, LogicalUnit> luns = new LinkedHashMap<>();
                for (LunDefinition lun : definition.luns()) {
                    LogicalUnit unit;
                    try {
                        unit = LogicalUnitFactory.create(definition.name(), lun);
                    } catch (IOException e) {
                        throw new IOException(config.source() + ":" + lun.line() + ": cannot open LUN " + lun.lun()
                                + " of " + definition.name() + ": " + e.getMessage(), e);
                    }
                    opened.add(unit);
                    luns.put(lun.lun(), unit);
                    log.info("target {} (tid {}) lun {}: {} {}", definition.name(), definition.tid(), lun.lun(),
                            lun.type(), lun.path().orElse(""));
                }
                targets.add(new IscsiTarget(definition.tid(), definition.name(), definition.alias(),
                        definition.parameters(), new ScsiTargetDevice(luns),
                        workers(definition.tid(), definition.parameters().wthreads()),
                        PortalServer.DEFAULT_PORTAL_GROUP_TAG,
                        new ChapAccounts(definition.incomingUsers(), definition.outgoingUser())));
            }
        } catch (IOException | RuntimeException e) {
            targets.forEach(t -> t.workers().shutdownNow());
            opened.forEach(LogicalUnit::close);
            throw e;
        }
        TargetRegistry registry = new TargetRegistry(targets,
                new ChapAccounts(config.incomingUsers(), config.outgoingUser()));
        SendTargetsDirectory directory = new SendTargetsDirectory(registry);
        SessionRegistry sessions = new SessionRegistry(directory);
        PortalServer server = new PortalServer(NetworkTransport.best(),
                Math.max(1, Runtime.getRuntime().availableProcessors()), registry, sessions, LOGIN_TIMEOUT_MILLIS);
        List<InetSocketAddress> bound;
        try {
            bound = server.bind(portals);
        } catch (RuntimeException | InterruptedException e) {
            server.close();
            targets.forEach(t -> t.workers().shutdownNow());
            opened.forEach(LogicalUnit::close);
            throw e;
        }
        directory.setPortals(bound.stream()
                .map(a -> new PortalAddress(a.getAddress().getHostAddress(), a.getPort())).toList());
        return new JietDaemon(targets, opened, server, sessions, bound);
    }

    public List<InetSocketAddress> boundPortals() {
        return boundPortals;
    }

    public List<Session> sessions() {
        return sessions.all();
    }

    private static ExecutorService workers(int tid, int threads) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "jiet-tid" + tid + "-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        return Executors.newFixedThreadPool(threads, factory);
    }

    /** Sends new logins to {@code target} elsewhere ({@code ip[:port]}), or serves them again when empty. */
    public void redirect(String targetName, Optional<String> address) {
        IscsiTarget target = targets.stream().filter(t -> t.name().equals(targetName)).findFirst()
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
        for (LogicalUnit unit : logicalUnits) {
            unit.close(); // flushes the backstore
        }
        log.info("stopped");
    }
}
