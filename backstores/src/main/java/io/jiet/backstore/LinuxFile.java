package io.jiet.backstore;

import java.io.Closeable;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The Linux system calls Java's file API lacks, called through the FFM API: {@code fallocate(2)} to punch holes
 * and {@code lseek(2)} with {@code SEEK_DATA}/{@code SEEK_HOLE} to find them. It works on its own file
 * descriptor, opened on the same path as the store's {@link java.nio.channels.FileChannel}: both see the same
 * inode and page cache.
 * <p>
 * The JVM must allow native access ({@code --enable-native-access=ALL-UNNAMED}, which {@code bin/jietd} passes);
 * where it does not, or off Linux, {@link #open} returns empty and stores fall back to writing zeros.
 * <p>
 * Threading: the descriptor is used by positional calls only, so any number of threads may call at once;
 * {@link #close} must not race them.
 */
final class LinuxFile implements Closeable {

    private static final int O_RDONLY = 0;
    private static final int O_RDWR = 2;
    private static final int O_CLOEXEC = 0x80000;
    /** fallocate(2) mode bits, linux/falloc.h. */
    private static final int FALLOC_FL_KEEP_SIZE = 0x01;
    private static final int FALLOC_FL_PUNCH_HOLE = 0x02;
    /** lseek(2) whence values, unistd.h (GNU). */
    private static final int SEEK_DATA = 3;
    private static final int SEEK_HOLE = 4;
    /** errno values, asm-generic/errno-base.h and errno.h. */
    private static final int EINTR = 4;
    private static final int ENXIO = 6;
    private static final int EOPNOTSUPP = 95;

    private static final Syscalls SYSCALLS = Syscalls.load();

    private final int fd;
    private final Path path;

    private LinuxFile(int fd, Path path) {
        this.fd = fd;
        this.path = path;
    }

    /** Opens {@code path} for hole punching ({@code writable}) or only for SEEK_DATA/SEEK_HOLE queries. */
    static Optional<LinuxFile> open(Path path, boolean writable) {
        if (SYSCALLS == null) {
            return Optional.empty();
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocateFrom(path.toString());
            MemorySegment state = arena.allocate(SYSCALLS.callState);
            int fd = (int) SYSCALLS.open.invokeExact(state, name, (writable ? O_RDWR : O_RDONLY) | O_CLOEXEC);
            return fd < 0 ? Optional.empty() : Optional.of(new LinuxFile(fd, path));
        } catch (Throwable e) {
            return Optional.empty();
        }
    }

    /**
     * Deallocates {@code [offset, offset + length)} keeping the file size; partial file system blocks at either
     * end are zeroed by the kernel. Returns false if the file system cannot punch holes (EOPNOTSUPP).
     */
    boolean punchHole(long offset, long length) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(SYSCALLS.callState);
            while (true) {
                int rc = (int) SYSCALLS.fallocate.invokeExact(state, fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
                        offset, length);
                if (rc == 0) {
                    return true;
                }
                int errno = SYSCALLS.errno(state);
                if (errno == EOPNOTSUPP) {
                    return false;
                }
                if (errno != EINTR) {
                    throw new IOException("fallocate(PUNCH_HOLE) on " + path + " failed: errno " + errno);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("fallocate on " + path, e);
        }
    }

    /** The first offset at or after {@code offset} that holds data, or -1 if only a hole follows (ENXIO). */
    long seekData(long offset) throws IOException {
        return seek(offset, SEEK_DATA);
    }

    /** The first offset at or after {@code offset} that is in a hole; the end of the file counts as one. */
    long seekHole(long offset) throws IOException {
        return seek(offset, SEEK_HOLE);
    }

    private long seek(long offset, int whence) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(SYSCALLS.callState);
            long result = (long) SYSCALLS.lseek.invokeExact(state, fd, offset, whence);
            if (result >= 0) {
                return result;
            }
            int errno = SYSCALLS.errno(state);
            if (errno == ENXIO) {
                return -1;
            }
            throw new IOException("lseek(" + (whence == SEEK_DATA ? "SEEK_DATA" : "SEEK_HOLE") + ") on " + path
                    + " failed: errno " + errno);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("lseek on " + path, e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            int rc = (int) SYSCALLS.close.invokeExact(fd);
            if (rc != 0) {
                throw new IOException("close of " + path + " failed");
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("close of " + path, e);
        }
    }

    /** The downcall handles, looked up once; null when native access is unavailable. */
    private record Syscalls(MethodHandle open, MethodHandle fallocate, MethodHandle lseek, MethodHandle close,
                            StructLayout callState, VarHandle errnoHandle) {

        static Syscalls load() {
            if (!System.getProperty("os.name", "").startsWith("Linux")) {
                return null;
            }
            try {
                Linker linker = Linker.nativeLinker();
                Linker.Option errno = Linker.Option.captureCallState("errno");
                StructLayout callState = Linker.Option.captureStateLayout();
                VarHandle errnoHandle = callState.varHandle(MemoryLayout.PathElement.groupElement("errno"));
                var lookup = linker.defaultLookup();
                MethodHandle open = linker.downcallHandle(lookup.find("open").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT), errno);
                MethodHandle fallocate = linker.downcallHandle(lookup.find("fallocate").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                                ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG), errno);
                MethodHandle lseek = linker.downcallHandle(lookup.find("lseek").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
                                ValueLayout.JAVA_INT), errno);
                MethodHandle close = linker.downcallHandle(lookup.find("close").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
                return new Syscalls(open, fallocate, lseek, close, callState, errnoHandle);
            } catch (RuntimeException | LinkageError e) {
                // Native access disabled (IllegalCallerException) or symbols missing: stores fall back.
                return null;
            }
        }

        int errno(MemorySegment state) {
            return (int) errnoHandle.get(state, 0L);
        }
    }
}
