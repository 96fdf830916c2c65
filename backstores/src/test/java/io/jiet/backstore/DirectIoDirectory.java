package io.jiet.backstore;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A scratch directory on a file system that accepts O_DIRECT, for {@link BlockIoStore} tests: the module's
 * {@code target/} first (the build's own disk), then {@code java.io.tmpdir} (tmpfs refuses O_DIRECT before
 * Linux 6.6). When neither does, the test is skipped with a message saying so.
 */
final class DirectIoDirectory implements AutoCloseable {

    private final Path root;

    private DirectIoDirectory(Path root) {
        this.root = root;
    }

    static DirectIoDirectory create() throws IOException {
        for (Path parent : List.of(Path.of("target").toAbsolutePath(), Path.of(System.getProperty("java.io.tmpdir")))) {
            Files.createDirectories(parent);
            Path dir = Files.createTempDirectory(parent, "blockio-");
            if (acceptsDirectIo(dir)) {
                return new DirectIoDirectory(dir);
            }
            delete(dir);
        }
        assumeTrue(false, "neither target/ nor java.io.tmpdir is on a file system that accepts O_DIRECT");
        throw new AssertionError("unreachable");
    }

    private static boolean acceptsDirectIo(Path dir) throws IOException {
        Path probe = dir.resolve("probe");
        Files.createFile(probe);
        try (FileChannel ignored = FileChannel.open(probe, StandardOpenOption.READ, ExtendedOpenOption.DIRECT)) {
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        } finally {
            Files.delete(probe);
        }
    }

    Path root() {
        return root;
    }

    /** A sparse file of {@code size} bytes. */
    Path sparse(String name, long size) throws IOException {
        Path p = root.resolve(name);
        try (RandomAccessFile raf = new RandomAccessFile(p.toFile(), "rw")) {
            raf.setLength(size);
        }
        return p;
    }

    /** A file holding {@code content}. */
    Path file(String name, byte[] content) throws IOException {
        return Files.write(root.resolve(name), content);
    }

    @Override
    public void close() throws IOException {
        delete(root);
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
