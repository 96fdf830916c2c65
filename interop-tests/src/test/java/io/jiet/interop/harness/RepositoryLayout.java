package io.jiet.interop.harness;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the repository's launcher scripts are. Surefire sets {@code jiet.repo.root} (see the module pom); when a
 * test runs from an IDE the working directory is usually {@code interop-tests/}, whose parent is the root.
 */
public final class RepositoryLayout {
    private RepositoryLayout() {
    }

    public static Path root() {
        String configured = System.getProperty("jiet.repo.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("bin/jietd")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the repository root (bin/jietd) above "
                + Path.of("").toAbsolutePath() + "; set -Djiet.repo.root");
    }

    public static Path jietd() {
        return root().resolve("bin/jietd");
    }
}
