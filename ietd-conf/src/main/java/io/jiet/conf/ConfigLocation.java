package io.jiet.conf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the daemon finds its ietd.conf when no {@code -c FILE} is given: {@code /etc/iet/ietd.conf}, else the
 * pre-1.4.18 location {@code /etc/ietd.conf}, which IET still read but reported as deprecated.
 *
 * @param file                the file found
 * @param deprecationWarning  present when {@code file} is the deprecated location; the daemon should log it
 */
public record ConfigLocation(Path file, Optional<String> deprecationWarning) {
    /** The current location, relative to the file system root. */
    public static final String CURRENT = "etc/iet/ietd.conf";
    /** The location IET used before it moved its files to {@code /etc/iet}. */
    public static final String DEPRECATED = "etc/ietd.conf";

    /** Looks under the real root, {@code /}. */
    public static Optional<ConfigLocation> find() {
        return find(Path.of("/"));
    }

    /**
     * Looks under {@code root} instead of {@code /} (tests, chroots, packaging checks). Only regular files count,
     * as only those could be read as a configuration.
     */
    public static Optional<ConfigLocation> find(Path root) {
        Path current = root.resolve(CURRENT);
        if (Files.isRegularFile(current)) {
            return Optional.of(new ConfigLocation(current, Optional.empty()));
        }
        Path old = root.resolve(DEPRECATED);
        if (Files.isRegularFile(old)) {
            return Optional.of(new ConfigLocation(old, Optional.of(
                    old + " is a deprecated location for ietd.conf; move it to " + current)));
        }
        return Optional.empty();
    }
}
