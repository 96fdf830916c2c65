package io.jiet.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLocationTest {

    @Test
    void nothingInstalled(@TempDir Path root) {
        assertEquals(Optional.empty(), ConfigLocation.find(root));
        assertEquals(Optional.empty(), IetdConfigParser.locateDefault(root));
    }

    @Test
    void deprecatedLocationComesWithAWarning(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("etc"));
        Path old = Files.writeString(root.resolve("etc/ietd.conf"), "");
        ConfigLocation found = ConfigLocation.find(root).orElseThrow();
        assertEquals(old, found.file());
        assertEquals(Optional.of(old + " is a deprecated location for ietd.conf; move it to "
                + root.resolve("etc/iet/ietd.conf")), found.deprecationWarning());
    }

    @Test
    void currentLocationWins(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("etc/iet"));
        Files.writeString(root.resolve("etc/ietd.conf"), "");
        Path current = Files.writeString(root.resolve("etc/iet/ietd.conf"), "");
        assertEquals(Optional.of(new ConfigLocation(current, Optional.empty())), ConfigLocation.find(root));
        assertEquals(Optional.of(current), IetdConfigParser.locateDefault(root));
    }

    @Test
    void aDirectoryIsNotAConfiguration(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("etc/iet/ietd.conf"));
        assertEquals(Optional.empty(), ConfigLocation.find(root));
    }
}
