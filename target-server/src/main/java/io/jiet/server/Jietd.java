package io.jiet.server;

import io.jiet.conf.ConfigException;
import io.jiet.conf.IetdConfig;
import io.jiet.conf.IetdConfigParser;
import io.jiet.conf.PortalAddress;
import io.jiet.server.admin.LunOpenFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.apache.commons.cli.ParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * jietd's entry point. Exit status: 0 after a clean shutdown (SIGTERM/SIGINT), 1 when the daemon cannot start
 * (e.g. a portal cannot be bound, a LUN cannot be opened), 2 for a bad command line or configuration.
 */
public final class Jietd {

    static final int EXIT_STARTUP_FAILURE = 1;
    static final int EXIT_BAD_CONFIGURATION = 2;

    private Jietd() {
    }

    public static void main(String[] args) {
        DaemonOptions options;
        try {
            options = DaemonOptions.parse(args);
        } catch (ParseException e) {
            System.err.println("jietd: " + e.getMessage());
            DaemonOptions.printHelp();
            System.exit(EXIT_BAD_CONFIGURATION);
            return;
        }
        if (options.help()) {
            DaemonOptions.printHelp();
            return;
        }
        configureLogging(options.logLevel());
        System.exit(run(options));
    }

    /** slf4j-simple reads its settings once, before the first logger is created. */
    private static void configureLogging(String level) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
        System.setProperty("org.slf4j.simpleLogger.log.io.netty", "warn");
    }

    static int run(DaemonOptions options) {
        Logger log = LoggerFactory.getLogger(Jietd.class);
        // Persistent reservations with APTPL keep their state under --state-dir when one is given.
        options.stateDirectory().ifPresent(dir -> System.setProperty("jiet.state.dir", dir.toAbsolutePath()
                .toString()));
        IetdConfig config;
        boolean demo = false;
        Optional<Path> configFile = Optional.empty();
        try {
            Optional<Path> file = options.config();
            if (file.isEmpty()) {
                Optional<io.jiet.conf.ConfigLocation> found = io.jiet.conf.ConfigLocation.find();
                found.flatMap(io.jiet.conf.ConfigLocation::deprecationWarning).ifPresent(w -> log.warn("{}", w));
                file = found.map(io.jiet.conf.ConfigLocation::file);
            }
            if (file.isPresent()) {
                if (!Files.isReadable(file.get())) {
                    System.err.println(file.get() + ": cannot read configuration file");
                    return EXIT_BAD_CONFIGURATION;
                }
                IetdConfigParser.Result parsed = IetdConfigParser.parseWithWarnings(file.get());
                parsed.warnings().forEach(w -> log.warn("{}", w));
                config = parsed.config();
                configFile = file;
                log.info("configuration {}: {} target(s)", file.get(), config.targets().size());
            } else {
                Path state = options.stateDirectory().orElseGet(DemoConfiguration::defaultStateDirectory);
                config = DemoConfiguration.create(state);
                demo = true;
                log.info("no configuration given or found at /etc/iet/ietd.conf or /etc/ietd.conf: serving the "
                        + "embedded demo target {} (1 GiB sparse LUN 0 in {})", DemoConfiguration.TARGET_NAME, state);
            }
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return EXIT_BAD_CONFIGURATION;
        } catch (IOException e) {
            System.err.println("jietd: " + e.getMessage());
            return EXIT_BAD_CONFIGURATION;
        }
        List<PortalAddress> portals = portals(config, options, demo);
        JietDaemon daemon;
        try {
            daemon = JietDaemon.start(config, portals, new JietDaemon.Services(configFile,
                    Optional.of(options.control().orElse(DaemonOptions.DEFAULT_CONTROL)), options.control().isPresent(),
                    options.metrics()));
        } catch (LunOpenFailure e) {
            System.err.println(e.getMessage());
            return EXIT_BAD_CONFIGURATION;
        } catch (IOException e) {
            log.error("cannot start: {}", e.getMessage());
            return EXIT_STARTUP_FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EXIT_STARTUP_FAILURE;
        } catch (RuntimeException e) {
            log.error("cannot start: {}", e.toString());
            return EXIT_STARTUP_FAILURE;
        }
        log.info("jiet serving {} target(s) on {}", config.targets().size(), daemon.boundPortals());
        CountDownLatch stop = new CountDownLatch(1);
        ShutdownSignals.onTerminate(stop::countDown);
        JietDaemon running = daemon;
        ShutdownSignals.onHangUp(() -> {
            log.info("SIGHUP: re-reading the configuration");
            running.reload();
        });
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        daemon.close();
        return 0;
    }

    /**
     * The config's Portal lines plus -a/-p; with neither, IET's default of every address on port 3260 (the demo
     * listens on loopback only).
     */
    static List<PortalAddress> portals(IetdConfig config, DaemonOptions options, boolean demo) {
        LinkedHashSet<PortalAddress> portals = new LinkedHashSet<>(config.portals());
        if (options.address().isPresent() || options.port().isPresent() || portals.isEmpty()) {
            String host = options.address().orElse(demo ? "127.0.0.1" : "0.0.0.0");
            int port = options.port().orElse(PortalAddress.DEFAULT_PORT);
            portals.add(new PortalAddress(host, port));
        }
        return new ArrayList<>(portals);
    }
}
