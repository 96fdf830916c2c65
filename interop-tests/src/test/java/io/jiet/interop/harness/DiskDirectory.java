package io.jiet.interop.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A directory on a disk file system, for backing files a store may open with O_DIRECT: tmpfs refuses O_DIRECT
 * (open fails with EINVAL), and on many machines {@code /tmp} is tmpfs. Stateless.
 */
public final class DiskDirectory {
    private DiskDirectory() {
    }

    /**
     * {@code preferred} if it is not on tmpfs, else a new directory under this module's {@code target/} (the
     * build directory is on the disk holding the checkout).
     */
    public static Path forDirectIo(Path preferred) {
        try {
            if (!isTmpfs(preferred)) {
                return preferred;
            }
            Path build = RepositoryLayout.root().resolve("interop-tests/target");
            Files.createDirectories(build);
            Path dir = Files.createTempDirectory(build, "direct-io-");
            if (isTmpfs(dir)) {
                throw new IllegalStateException(preferred + " and " + dir + " are both on tmpfs; O_DIRECT needs a disk");
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a disk directory near " + preferred, e);
        }
    }

    public static boolean isTmpfs(Path dir) throws IOException {
        return Files.getFileStore(dir).type().equals("tmpfs");
    }
}
