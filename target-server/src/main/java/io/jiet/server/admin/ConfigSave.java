package io.jiet.server.admin;

import io.jiet.conf.ConfigException;
import io.jiet.conf.IetdConfig;
import io.jiet.conf.IetdConfigParser;
import io.jiet.conf.PortalGroups;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code jietadm --op save}: writes the running configuration back to the file jietd read, which IET never could.
 * The file is edited in place (see {@link ConfigRewriter}: comments and unmanaged lines are kept); a file that is
 * gone or empty is written afresh with a header. The result is parsed again and must describe exactly the running
 * targets, LUNs, parameters and accounts, else nothing is written. The file is replaced atomically.
 * <p>
 * Threading: runs under the {@link RunningConfiguration} lock, so no change interleaves with a save.
 */
final class ConfigSave {
    private static final Logger log = LoggerFactory.getLogger(ConfigSave.class);

    private ConfigSave() {
    }

    static String save(RunningConfiguration running) throws OperationRefused {
        synchronized (running) {
            Path file = running.configFile().orElseThrow(() -> new OperationRefused("jietd serves the embedded "
                    + "demo and has no configuration file to save to (start it with -c FILE)"));
            IetdConfig live = running.snapshot();
            String text = newText(file, live);
            IetdConfig written;
            try {
                written = IetdConfigParser.parse(file.toString(), text);
            } catch (ConfigException e) {
                throw new OperationRefused("not saved: the rewritten file would not parse (" + e.getMessage() + ")");
            }
            Optional<String> difference = ConfigRewriter.firstDifference(written, live);
            if (difference.isPresent()) {
                throw new OperationRefused("not saved: the rewritten file would differ from the running "
                        + "configuration in " + difference.get());
            }
            try {
                AtomicFile.write(file, text);
            } catch (IOException e) {
                throw new OperationRefused("cannot write " + file + ": " + e.getMessage());
            }
            running.loaded(written);
            log.info("{}: running configuration ({} target(s)) saved to {}", AdminCommands.ORIGIN,
                    live.targets().size(), file);
            return "saved " + live.targets().size() + " target(s) to " + file;
        }
    }

    private static String newText(Path file, IetdConfig live) throws OperationRefused {
        String original = "";
        try {
            if (Files.exists(file)) {
                original = Files.readString(file, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new OperationRefused("cannot read " + file + ": " + e.getMessage());
        }
        if (original.isBlank()) {
            if (live.targets().stream().anyMatch(t -> !t.portalGroups().equals(PortalGroups.IET_DEFAULT))) {
                throw new OperationRefused("not saved: " + file + " is gone or empty and its multipath lines "
                        + "(Alua, TargetPortGroup, SendTargets) cannot be written afresh; restore the file first");
            }
            return ConfigFileText.generate(live, "# ietd.conf written by jietadm --op save on "
                    + OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS) + "\n# from jietd's running configuration");
        }
        IetdConfig current;
        try {
            current = IetdConfigParser.parse(file.toString(), original);
        } catch (ConfigException e) {
            throw new OperationRefused("not saved: " + e.getMessage() + " (the file was edited since jietd read "
                    + "it; fix it or reload first)");
        }
        return ConfigRewriter.rewrite(original, current, live);
    }
}
