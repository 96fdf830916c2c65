package io.jiet.server;

import io.jiet.conf.PortalAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/** jietd's command line: IET's ietd flags plus jiet's own long options. */
record DaemonOptions(Optional<Path> config, boolean foreground, Optional<String> address, OptionalInt port,
                     String logLevel, Optional<Path> stateDirectory, Optional<Path> control,
                     Optional<InetSocketAddress> metrics, boolean help) {

    /** Where jietd listens for jietadm unless {@code --control} says otherwise. */
    static final Path DEFAULT_CONTROL = Path.of("/run/jiet/jietd.sock");

    static Options definitions() {
        Options o = new Options();
        o.addOption(Option.builder("c").longOpt("config").hasArg().argName("FILE")
                .desc("configuration file (default /etc/iet/ietd.conf, then /etc/ietd.conf, else a demo target)")
                .get());
        o.addOption(Option.builder("f").longOpt("foreground").desc("stay in the foreground (bin/jietd detaches "
                + "otherwise)").get());
        o.addOption(Option.builder("a").longOpt("address").hasArg().argName("ADDRESS")
                .desc("listen on this address (in addition to the config's Portal lines)").get());
        o.addOption(Option.builder("p").longOpt("port").hasArg().argName("PORT")
                .desc("listen on this port (default 3260)").get());
        o.addOption(Option.builder("d").longOpt("debug").hasArg().argName("LEVEL")
                .desc("log level: 0 info, 1 debug, 2+ trace, or a name (error, warn, info, debug, trace)").get());
        o.addOption(Option.builder("u").longOpt("uid").hasArg().argName("UID")
                .desc("accepted for IET compatibility; run jietd as the desired user instead").get());
        o.addOption(Option.builder("g").longOpt("gid").hasArg().argName("GID")
                .desc("accepted for IET compatibility; run jietd as the desired group instead").get());
        o.addOption(Option.builder().longOpt("state-dir").hasArg().argName("DIR")
                .desc("where the demo target keeps its backing file (default /var/lib/jiet as root, "
                        + "else ~/.local/state/jiet)").get());
        o.addOption(Option.builder().longOpt("control").hasArg().argName("PATH")
                .desc("jietadm's control socket, owner-only (default " + DEFAULT_CONTROL + ")").get());
        o.addOption(Option.builder().longOpt("metrics").hasArg().argName("ADDRESS:PORT")
                .desc("serve Prometheus metrics at http://ADDRESS:PORT/metrics (off by default)").get());
        o.addOption(Option.builder("h").longOpt("help").desc("show this help").get());
        return o;
    }

    static DaemonOptions parse(String[] args) throws ParseException {
        CommandLine cl = new DefaultParser().parse(definitions(), args);
        if (!cl.getArgList().isEmpty()) {
            throw new ParseException("unexpected argument " + cl.getArgList().getFirst());
        }
        OptionalInt port = OptionalInt.empty();
        if (cl.hasOption("p")) {
            try {
                int p = Integer.parseInt(cl.getOptionValue("p"));
                if (p < 1 || p > 65535) {
                    throw new NumberFormatException();
                }
                port = OptionalInt.of(p);
            } catch (NumberFormatException e) {
                throw new ParseException("-p needs a port number 1..65535, not " + cl.getOptionValue("p"));
            }
        }
        return new DaemonOptions(Optional.ofNullable(cl.getOptionValue("c")).map(Path::of), cl.hasOption("f"),
                Optional.ofNullable(cl.getOptionValue("a")), port, logLevel(cl.getOptionValue("d")),
                Optional.ofNullable(cl.getOptionValue("state-dir")).map(Path::of),
                Optional.ofNullable(cl.getOptionValue("control")).map(Path::of), metrics(cl.getOptionValue("metrics")),
                cl.hasOption("h"));
    }

    /** {@code ADDRESS:PORT} ({@code [IPV6]:PORT}); the port is required, host names are not resolved here. */
    static Optional<InetSocketAddress> metrics(String text) throws ParseException {
        if (text == null) {
            return Optional.empty();
        }
        PortalAddress address;
        try {
            address = PortalAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ParseException("--metrics needs ADDRESS:PORT: " + e.getMessage());
        }
        if (!text.matches(".*:\\d+")) {
            throw new ParseException("--metrics needs ADDRESS:PORT with a port, e.g. 127.0.0.1:9100, not " + text);
        }
        return Optional.of(new InetSocketAddress(address.host(), address.port()));
    }

    static void printHelp() {
        HelpFormatter.builder().get().printHelp("jietd [options]", "jiet iSCSI target daemon", definitions(), "",
                false);
    }

    private static String logLevel(String d) throws ParseException {
        if (d == null) {
            return "info";
        }
        return switch (d.toLowerCase(java.util.Locale.ROOT)) {
            case "0", "info" -> "info";
            case "1", "debug" -> "debug";
            case "error", "warn" -> d.toLowerCase(java.util.Locale.ROOT);
            case "trace" -> "trace";
            default -> {
                try {
                    yield Integer.parseInt(d) >= 2 ? "trace" : "info";
                } catch (NumberFormatException e) {
                    throw new ParseException("-d needs a level (0, 1, 2 or error|warn|info|debug|trace), not " + d);
                }
            }
        };
    }
}
