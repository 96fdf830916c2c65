package io.jiet.backstore;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * A block device's sector sizes as the kernel reports them through {@code ioctl(2)} (linux/fs.h):
 * {@code BLKSSZGET}, the logical block size, the smallest unit an O_DIRECT transfer may address, and
 * {@code BLKPBSZGET}, the physical block size, below which the device itself reads, modifies and writes.
 * Both are what {@code blockdev --getss --getpbsz} prints. Immutable.
 */
record BlockDeviceGeometry(int logicalBlockSize, int physicalBlockSize) {

    /** {@code _IO(0x12, 104)}: int, the logical sector size. */
    private static final long BLKSSZGET = 0x1268;
    /** {@code _IO(0x12, 123)}: unsigned int, the physical sector size. */
    private static final long BLKPBSZGET = 0x127B;
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;

    private static final Syscalls SYSCALLS = Syscalls.load();

    BlockDeviceGeometry {
        if (!powerOfTwo(logicalBlockSize) || !powerOfTwo(physicalBlockSize)) {
            throw new IllegalArgumentException("block sizes must be powers of two: logical " + logicalBlockSize
                    + ", physical " + physicalBlockSize);
        }
    }

    /**
     * Asks the kernel for {@code device}'s sector sizes. A physical size below the logical one (some drivers
     * report 0) counts as the logical size.
     *
     * @throws IOException if the path is not a block device, cannot be opened, or native access is not allowed
     */
    static BlockDeviceGeometry of(Path device) throws IOException {
        if (SYSCALLS == null) {
            throw new IOException(device + ": cannot ask the kernel for the sector size (needs Linux and"
                    + " --enable-native-access=ALL-UNNAMED)");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(SYSCALLS.callState());
            int fd = (int) SYSCALLS.open.invokeExact(state, arena.allocateFrom(device.toString()),
                    O_RDONLY | O_CLOEXEC);
            if (fd < 0) {
                throw new IOException(device + ": cannot open for BLKSSZGET: errno " + SYSCALLS.errno(state));
            }
            try {
                MemorySegment value = arena.allocate(ValueLayout.JAVA_INT);
                int logical = ioctl(device, fd, BLKSSZGET, "BLKSSZGET", state, value);
                int physical = ioctl(device, fd, BLKPBSZGET, "BLKPBSZGET", state, value);
                return new BlockDeviceGeometry(logical, Math.max(logical, physical));
            } finally {
                // A failed close of a descriptor that only answered ioctls loses nothing.
                int ignored = (int) SYSCALLS.close.invokeExact(fd);
            }
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException(device + ": ioctl failed", e);
        }
    }

    private static int ioctl(Path device, int fd, long request, String name, MemorySegment state,
                             MemorySegment value) throws Throwable {
        int rc = (int) SYSCALLS.ioctl.invokeExact(state, fd, request, value);
        if (rc != 0) {
            // ENOTTY: not a block device.
            throw new IOException(device + ": ioctl " + name + " failed: errno " + SYSCALLS.errno(state));
        }
        return value.get(ValueLayout.JAVA_INT, 0);
    }

    private static boolean powerOfTwo(int n) {
        return n > 0 && Integer.bitCount(n) == 1;
    }

    /** The downcall handles, looked up once; null off Linux or when native access is refused. */
    private record Syscalls(NativeCalls c, MethodHandle open, MethodHandle ioctl, MethodHandle close) {

        static Syscalls load() {
            return NativeCalls.linux().map(Syscalls::lookUp).orElse(null);
        }

        private static Syscalls lookUp(NativeCalls c) {
            try {
                return new Syscalls(c,
                        c.functionWithErrno("open",
                                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT)),
                        // int ioctl(int fd, unsigned long request, ...): the pointer is the first variadic argument.
                        c.functionWithErrno("ioctl", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                                ValueLayout.JAVA_LONG, ValueLayout.ADDRESS), Linker.Option.firstVariadicArg(2)),
                        c.function("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT)));
            } catch (RuntimeException | LinkageError e) {
                return null;
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
