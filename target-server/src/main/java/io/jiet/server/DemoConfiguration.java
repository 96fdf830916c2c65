package io.jiet.server;

import io.jiet.conf.ConfigException;
import io.jiet.conf.IetdConfig;
import io.jiet.conf.IetdConfigParser;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The embedded demo served when no configuration exists: one target with a 1 GiB sparse fileio LUN 0 kept in a
 * state directory.
 */
final class DemoConfiguration {

    static final String TARGET_NAME = "iqn.2026-11.io.jiet:demo";
    static final long LUN_SIZE = 1L << 30;

    private DemoConfiguration() {
    }

    static Path defaultStateDirectory() {
        String env = System.getenv("JIET_STATE_DIR");
        if (env != null && !env.isEmpty()) {
            return Path.of(env);
        }
        if ("root".equals(System.getProperty("user.name"))) {
            return Path.of("/var/lib/jiet");
        }
        String xdg = System.getenv("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"),
                ".local", "state");
        return base.resolve("jiet");
    }

    /** Creates the backing file if needed and returns the demo configuration, parsed like any ietd.conf. */
    static IetdConfig create(Path stateDirectory) throws IOException, ConfigException {
        if (stateDirectory.toAbsolutePath().toString().chars().anyMatch(Character::isWhitespace)) {
            // ietd.conf Lun parameters cannot hold blanks, and the demo is an ordinary ietd.conf.
            throw new IOException("state directory " + stateDirectory.toAbsolutePath()
                    + " contains a blank; choose another with --state-dir");
        }
        Files.createDirectories(stateDirectory);
        Path lun = stateDirectory.resolve("demo-lun0.img");
        if (!Files.exists(lun)) {
            try (RandomAccessFile file = new RandomAccessFile(lun.toFile(), "rw")) {
                file.setLength(LUN_SIZE); // sparse: no blocks are allocated until written
            }
        }
        String text = """
                # jiet embedded demo target
                Target %s
                    Alias jiet-demo
                    Lun 0 Path=%s,Type=fileio,IOMode=wb
                """.formatted(TARGET_NAME, lun.toAbsolutePath());
        return IetdConfigParser.parse("(embedded demo)", text);
    }
}
