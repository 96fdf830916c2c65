package io.jiet.server;

import io.jiet.conf.IetdConfigParser;
import io.jiet.conf.PortalAddress;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;

/** The set-up most in-process server tests share: a sparse image, a config text, a daemon on 127.0.0.1:ephemeral. */
public final class LoopbackDaemon {

    private LoopbackDaemon() {
    }

    /** A sparse file of {@code bytes} bytes in {@code dir}. */
    public static Path sparseImage(Path dir, String name, long bytes) throws IOException {
        Path file = dir.resolve(name);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(bytes);
        }
        return file;
    }

    /** Parses {@code configText} (errors name {@code configName}) and serves it on one ephemeral loopback portal. */
    public static JietDaemon start(String configName, String configText) throws Exception {
        return JietDaemon.start(IetdConfigParser.parse(configName, configText),
                List.of(new PortalAddress("127.0.0.1", 0)));
    }
}
