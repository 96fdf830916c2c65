package io.jiet.backstore;

import java.io.Closeable;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The Linux system calls Java's file API lacks, called through the FFM API: {@code fallocate(2)} to punch holes,
 * {@code lseek(2)} with {@code SEEK_DATA}/{@code SEEK_HOLE} to find them, and {@code preadv2(2)} with
 * {@code RWF_NOWAIT} to read only what the page cache already holds, and {@code cachestat(2)} (Linux 6.5) to ask
 * whether a range is cached at all; and {@code pwritev(2)}, the positional gathering write Java's FileChannel lacks. It works on its own file
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
    /** preadv2(2) flag, linux/fs.h: fail with EAGAIN rather than wait for the device. */
    private static final int RWF_NOWAIT = 0x08;
    /** errno values, asm-generic/errno-base.h and errno.h. */
    private static final int EINTR = 4;
    private static final int EAGAIN = 11;
    private static final int EINVAL = 22;
    private static final int ENOSYS = 38;
    private static final int ENXIO = 6;
    private static final int EOPNOTSUPP = 95;

    private static final Syscalls SYSCALLS = Syscalls.load();
    /** One struct iovec and one errno capture per thread: the no-wait read runs on network threads, per command. */
    private static final ThreadLocal<MemorySegment[]> NOWAIT_SCRATCH = ThreadLocal.withInitial(() -> {
        Arena arena = Arena.ofAuto();
        return new MemorySegment[] {arena.allocate(16, 8), arena.allocate(SYSCALLS.callState())};
    });
    /** iovecs per pwritev(2) call; longer lists take several calls (IOV_MAX is 1024). */
    private static final int IOVECS_PER_CALL = 64;
    private static final ThreadLocal<MemorySegment[]> PWRITEV_SCRATCH = ThreadLocal.withInitial(() -> {
        Arena arena = Arena.ofAuto();
        return new MemorySegment[] {arena.allocate(16L * IOVECS_PER_CALL, 8), arena.allocate(SYSCALLS.callState())};
    });
    /** cachestat(2)'s number in the generic system call table, which x86-64 and arm64 share. */
    private static final long SYS_CACHESTAT = 451;
    /** Pages as cachestat counts them; where pages are bigger, fewer are counted and nothing looks cached. */
    private static final long PAGE = 4096;
    /** One cachestat_range (2 × u64), one struct cachestat (5 × u64) and an errno capture per thread. */
    private static final ThreadLocal<MemorySegment[]> CACHESTAT_SCRATCH = ThreadLocal.withInitial(() -> {
        Arena arena = Arena.ofAuto();
        return new MemorySegment[] {arena.allocate(16, 8), arena.allocate(40, 8), arena.allocate(SYSCALLS.callState())};
    });
    /** Cleared when the kernel has no cachestat (ENOSYS before 6.5). */
    private static volatile boolean kernelHasCachestat = true;
    /** Cleared when this file's file system cannot answer cachestat (EOPNOTSUPP, e.g. hugetlbfs). */
    private volatile boolean cachestatSupported = true;
    /** Cleared when the kernel or file system does not know RWF_NOWAIT, so later calls do not try again. */
    private volatile boolean noWaitSupported = true;

    private final int fd;
    /**
     * Calls on {@link #fd} hold the read side; {@link #close} takes the write side, so it waits for calls in flight
     * and later calls fail: the number is never used after the kernel may have given it to another file.
     */
    private final java.util.concurrent.locks.StampedLock use = new java.util.concurrent.locks.StampedLock();
    private boolean closed;
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
            MemorySegment state = arena.allocate(SYSCALLS.callState());
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
        long stamp = enter();
        try {
            return punchHoleNow(offset, length);
        } finally {
            use.unlockRead(stamp);
        }
    }

    private boolean punchHoleNow(long offset, long length) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(SYSCALLS.callState());
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

    /**
     * Reads into the direct buffer {@code dst} at {@code offset} what the page cache holds, without waiting for
     * the device: the number of bytes read (0 at end of file; fewer than asked when only part is cached), or -1
     * if nothing could be read without blocking. Advances {@code dst}'s position.
     */
    int readWithoutWaiting(long offset, java.nio.ByteBuffer dst) throws IOException {
        long stamp = enter();
        try {
            return readWithoutWaitingNow(offset, dst);
        } finally {
            use.unlockRead(stamp);
        }
    }

    private int readWithoutWaitingNow(long offset, java.nio.ByteBuffer dst) throws IOException {
        if (!noWaitSupported || SYSCALLS.preadv2 == null) {
            return -1;
        }
        MemorySegment[] scratch = NOWAIT_SCRATCH.get();
        MemorySegment iovec = scratch[0];
        MemorySegment state = scratch[1];
        // struct iovec { void *iov_base; size_t iov_len; } (uio.h)
        iovec.set(ValueLayout.ADDRESS, 0, MemorySegment.ofBuffer(dst));
        iovec.set(ValueLayout.JAVA_LONG, 8, dst.remaining());
        try {
            while (true) {
                long n = (long) SYSCALLS.preadv2.invokeExact(state, fd, iovec, 1, offset, RWF_NOWAIT);
                if (n >= 0) {
                    dst.position(dst.position() + (int) n);
                    return (int) n;
                }
                int errno = SYSCALLS.errno(state);
                if (errno == EAGAIN) {
                    return -1;
                }
                if (errno == EOPNOTSUPP || errno == EINVAL || errno == ENOSYS) {
                    noWaitSupported = false; // this kernel or file system has no RWF_NOWAIT
                    return -1;
                }
                if (errno != EINTR) {
                    return -1; // a real error shows again, and is reported, on the blocking read
                }
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("preadv2 on " + path, e);
        }
    }

    /**
     * Writes all remaining bytes of the direct buffers {@code srcs}, in order, from {@code offset}: pwritev(2),
     * repeated after short writes. Advances each buffer's position.
     */
    void writeFully(long offset, java.nio.ByteBuffer[] srcs) throws IOException {
        long stamp = enter();
        try {
            writeFullyNow(offset, srcs);
        } finally {
            use.unlockRead(stamp);
        }
    }

    /** Whether {@link #writeFully} is available (this C library has pwritev). */
    boolean canGather() {
        return SYSCALLS.pwritev != null;
    }

    private void writeFullyNow(long offset, java.nio.ByteBuffer[] srcs) throws IOException {
        MemorySegment[] scratch = PWRITEV_SCRATCH.get();
        MemorySegment iovecs = scratch[0];
        MemorySegment state = scratch[1];
        long position = offset;
        int first = 0;
        try {
            while (true) {
                while (first < srcs.length && !srcs[first].hasRemaining()) {
                    first++;
                }
                if (first == srcs.length) {
                    return;
                }
                int count = Math.min(IOVECS_PER_CALL, srcs.length - first);
                for (int i = 0; i < count; i++) {
                    java.nio.ByteBuffer b = srcs[first + i];
                    // struct iovec { void *iov_base; size_t iov_len; } (uio.h)
                    iovecs.set(ValueLayout.ADDRESS, 16L * i, MemorySegment.ofBuffer(b));
                    iovecs.set(ValueLayout.JAVA_LONG, 16L * i + 8, b.remaining());
                }
                long n = (long) SYSCALLS.pwritev.invokeExact(state, fd, iovecs, count, position);
                if (n < 0) {
                    int errno = SYSCALLS.errno(state);
                    if (errno == EINTR) {
                        continue;
                    }
                    throw new IOException("pwritev on " + path + " failed: errno " + errno);
                }
                position += n;
                for (int i = first; i < srcs.length && n > 0; i++) {
                    int step = (int) Math.min(n, srcs[i].remaining());
                    srcs[i].position(srcs[i].position() + step);
                    n -= step;
                }
            }
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("pwritev on " + path, e);
        }
    }

    /**
     * Whether every page of {@code [offset, offset + length)} is in the page cache (cachestat(2)); false when
     * some are not, or when the kernel cannot tell.
     */
    boolean cached(long offset, long length) {
        long stamp = use.readLock();
        try {
            return !closed && cachedNow(offset, length);
        } finally {
            use.unlockRead(stamp);
        }
    }

    private boolean cachedNow(long offset, long length) {
        if (!kernelHasCachestat || !cachestatSupported || SYSCALLS.syscall4 == null) {
            return false;
        }
        MemorySegment[] scratch = CACHESTAT_SCRATCH.get();
        MemorySegment range = scratch[0];
        MemorySegment stat = scratch[1];
        MemorySegment state = scratch[2];
        // struct cachestat_range { __u64 off; __u64 len; }, struct cachestat { __u64 nr_cache; ... } (linux/mman.h)
        range.set(ValueLayout.JAVA_LONG, 0, offset);
        range.set(ValueLayout.JAVA_LONG, 8, length);
        try {
            long rc = (long) SYSCALLS.syscall4.invokeExact(state, SYS_CACHESTAT, fd, range, stat, 0);
            if (rc != 0) {
                int errno = SYSCALLS.errno(state);
                if (errno == ENOSYS) {
                    kernelHasCachestat = false;
                } else if (errno == EOPNOTSUPP) {
                    cachestatSupported = false;
                }
                return false;
            }
        } catch (Throwable e) {
            return false;
        }
        long pages = (offset + length + PAGE - 1) / PAGE - offset / PAGE;
        return stat.get(ValueLayout.JAVA_LONG, 0) >= pages;
    }

    /**
     * Whether the file's bytes at {@code offset} are allocated and for how long that stays so (at most
     * {@code maxLength}), from SEEK_DATA/SEEK_HOLE; past the last data, the rest of a {@code fileSize} file is a hole.
     */
    BlockStore.Allocation allocation(long offset, long maxLength, long fileSize) throws IOException {
        long data = seekData(offset);
        if (data == offset) {
            long hole = seekHole(offset);
            return new BlockStore.Allocation(true, Math.min(maxLength, hole - offset));
        }
        long end = data < 0 ? Math.max(offset, fileSize) : data;
        return new BlockStore.Allocation(false, Math.min(maxLength, Math.max(0, end - offset)));
    }

    /** The first offset at or after {@code offset} that holds data, or -1 if only a hole follows (ENXIO). */
    long seekData(long offset) throws IOException {
        return seek(offset, SEEK_DATA);
    }

    /** The first offset at or after {@code offset} that is in a hole; the end of the file counts as one. */
    long seekHole(long offset) throws IOException {
        return seek(offset, SEEK_HOLE);
    }

    /** The downcall handles, looked up once; null when native access is unavailable. */
    private long seek(long offset, int whence) throws IOException {
        long stamp = enter();
        try {
            return seekNow(offset, whence);
        } finally {
            use.unlockRead(stamp);
        }
    }

    private long seekNow(long offset, int whence) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(SYSCALLS.callState());
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

    /** Takes the read side of {@link #use} for one call on {@link #fd}; the caller unlocks it. */
    private long enter() throws java.nio.channels.ClosedChannelException {
        long stamp = use.readLock();
        if (closed) {
            use.unlockRead(stamp);
            throw new java.nio.channels.ClosedChannelException();
        }
        return stamp;
    }

    @Override
    public void close() throws IOException {
        long stamp = use.writeLock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            int rc = (int) SYSCALLS.close.invokeExact(fd);
            if (rc != 0) {
                throw new IOException("close of " + path + " failed");
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("close of " + path, e);
        } finally {
            use.unlockWrite(stamp);
        }
    }

    private record Syscalls(NativeCalls c, MethodHandle open, MethodHandle fallocate, MethodHandle lseek,
                            MethodHandle preadv2, MethodHandle pwritev, MethodHandle syscall4, MethodHandle close) {

        static Syscalls load() {
            return NativeCalls.linux().map(Syscalls::lookUp).orElse(null);
        }

        private static Syscalls lookUp(NativeCalls c) {
            try {
                return new Syscalls(c,
                        c.functionWithErrno("open",
                                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT)),
                        c.functionWithErrno("fallocate", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                                ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG)),
                        c.functionWithErrno("lseek", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
                                ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT)),
                        // ssize_t preadv2(int fd, const struct iovec *iov, int iovcnt, off_t offset, int flags)
                        c.optionalFunctionWithErrno("preadv2", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
                                ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
                                ValueLayout.JAVA_INT)),
                        // ssize_t pwritev(int fd, const struct iovec *iov, int iovcnt, off_t offset)
                        c.optionalFunctionWithErrno("pwritev", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
                                ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                                ValueLayout.JAVA_LONG)),
                        // long syscall(long number, ...): cachestat(int fd, range *, cachestat *, unsigned flags)
                        c.optionalFunctionWithErrno("syscall", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
                                ValueLayout.JAVA_LONG,
                                ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
                                Linker.Option.firstVariadicArg(1)),
                        c.function("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT)));
            } catch (RuntimeException | LinkageError e) {
                return null; // a symbol missing from this C library: stores fall back
            }
        }

        StructLayout callState() {
            return c.callState();
        }

        int errno(MemorySegment state) {
            return c.errno(state);
        }
    }
}
