package io.jiet.backstore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * IET's {@code Type=fileio} (and {@code blockio}, which jiet serves the same way): a regular file or a block device
 * accessed with positional {@link FileChannel} I/O through the page cache.
 * <ul>
 *   <li>{@link IoMode#WRITE_BACK}: plain writes; durable only on {@link #flush()} or a durable (FUA) write.</li>
 *   <li>{@link IoMode#WRITE_THROUGH}: every write is forced to stable storage before it returns.</li>
 *   <li>{@link IoMode#READ_ONLY}: the file is opened read-only and writes throw {@link ReadOnlyStoreException}.</li>
 * </ul>
 * The write cache can be switched at run time ({@link #setWriteCacheEnabled}, the host's caching mode page);
 * {@link #mode()} stays the configured mode. {@link #unmap} punches holes with {@code fallocate(2)} so a sparse
 * file gives its space back, and {@link #allocation} finds holes with {@code SEEK_DATA}/{@code SEEK_HOLE}; both go
 * through {@link LinuxFile} and fall back to writing zeros / "all allocated" where that is unavailable.
 * <p>
 * Threading: safe for concurrent use. Positional reads and writes never touch the channel's position, so commands
 * on different ranges run in parallel. The write-through flag and the "punching works" flag are volatile.
 */
public final class FileIoStore implements BlockStore {

    private final Path path;
    private final FileChannel channel;
    private final IoMode mode;
    /** A device's size is fixed at open; a regular file's size is read from the channel each time. */
    private final long deviceSize;
    private final Optional<LinuxFile> linux;
    /** Guards {@link #spansOut} and {@link #closing}. */
    private final Object spanLock = new Object();
    /** Spans handed out and not yet released; the channel closes only when none is out. */
    private int spansOut;
    private boolean closing;
    private final int allocationUnit;
    private volatile boolean writeThrough;
    private volatile boolean canPunchHoles;

    /** A store over an already open channel, without hole punching (tests use recording channels). */
    FileIoStore(Path path, FileChannel channel, IoMode mode, long deviceSize) {
        this(path, channel, mode, deviceSize, Optional.empty(), 0);
    }

    FileIoStore(Path path, FileChannel channel, IoMode mode, long deviceSize, Optional<LinuxFile> linux,
                int allocationUnit) {
        this.path = path;
        this.channel = channel;
        this.mode = mode;
        this.deviceSize = deviceSize;
        this.linux = linux;
        this.allocationUnit = allocationUnit;
        this.writeThrough = mode == IoMode.WRITE_THROUGH;
        this.canPunchHoles = linux.isPresent() && mode != IoMode.READ_ONLY;
    }

    /** Opens an existing regular file or block device; it is never created. */
    public static FileIoStore open(Path path, IoMode mode) throws IOException {
        FileChannel channel = mode == IoMode.READ_ONLY
                ? FileChannel.open(path, StandardOpenOption.READ)
                : FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        Optional<LinuxFile> linux = Optional.empty();
        try {
            boolean regular = Files.isRegularFile(path);
            long deviceSize = regular ? -1 : deviceSize(path, channel);
            linux = LinuxFile.open(path, mode != IoMode.READ_ONLY);
            return new FileIoStore(path, channel, mode, deviceSize, linux, AllocationUnit.of(path, regular));
        } catch (IOException | RuntimeException e) {
            channel.close();
            if (linux.isPresent()) {
                linux.get().close();
            }
            throw e;
        }
    }

    /**
     * fstat reports size 0 for block devices, and Java has no SEEK_END, so when neither the channel nor the file
     * system knows the size, find the end by reading single bytes: doubling, then bisecting.
     */
    static long deviceSize(Path path, FileChannel channel) throws IOException {
        long size = channel.size();
        if (size == 0) {
            size = Files.size(path);
        }
        return size != 0 ? size : probeEnd(channel);
    }

    /** The smallest offset at which a read hits end-of-file. */
    static long probeEnd(FileChannel channel) throws IOException {
        if (!readable(channel, 0)) {
            return 0;
        }
        long readable = 0;
        long unreadable = 1;
        while (readable(channel, unreadable)) {
            readable = unreadable;
            if (unreadable > Long.MAX_VALUE / 2) {
                throw new IOException("cannot find the end of the device");
            }
            unreadable *= 2;
        }
        while (unreadable - readable > 1) {
            long middle = readable + (unreadable - readable) / 2;
            if (readable(channel, middle)) {
                readable = middle;
            } else {
                unreadable = middle;
            }
        }
        return unreadable;
    }

    private static boolean readable(FileChannel channel, long offset) throws IOException {
        return channel.read(ByteBuffer.allocate(1), offset) > 0;
    }

    public IoMode mode() {
        return mode;
    }

    public Path path() {
        return path;
    }

    @Override
    public long size() throws IOException {
        return deviceSize >= 0 ? deviceSize : channel.size();
    }

    @Override
    public boolean readOnly() {
        return mode == IoMode.READ_ONLY;
    }

    @Override
    public boolean writeCacheEnabled() {
        return !readOnly() && !writeThrough;
    }

    @Override
    public boolean writeCacheChangeable() {
        return !readOnly();
    }

    @Override
    public void setWriteCacheEnabled(boolean enabled) throws IOException {
        if (readOnly()) {
            throw new UnsupportedOperationException(describe() + " is read-only");
        }
        if (!enabled && !writeThrough) {
            writeThrough = true;
            channel.force(false);
        }
        writeThrough = !enabled;
    }

    @Override
    public int allocationUnit() {
        return allocationUnit;
    }

    /**
     * Punches a hole (regular files; block devices discard with zeroing) or, where the file system cannot,
     * writes zeros. In write-through mode the change is forced like a write.
     */
    @Override
    public void unmap(long offset, long length) throws IOException {
        requireOffset(offset);
        if (readOnly()) {
            throw new ReadOnlyStoreException(describe());
        }
        if (length == 0) {
            return;
        }
        if (canPunchHoles && linux.orElseThrow().punchHole(offset, length)) {
            if (writeThrough) {
                channel.force(false);
            }
            return;
        }
        canPunchHoles = false;
        BlockStore.super.unmap(offset, length);
        if (writeThrough) {
            channel.force(false);
        }
    }

    /** SEEK_DATA/SEEK_HOLE on regular files; a block device is reported allocated throughout. */
    @Override
    public Allocation allocation(long offset, long maxLength) throws IOException {
        requireOffset(offset);
        if (linux.isEmpty() || deviceSize >= 0) {
            return new Allocation(true, maxLength);
        }
        return linux.get().allocation(offset, maxLength, size());
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        requireOffset(offset);
        long position = offset;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, position);
            if (n < 0) {
                zeroFill(dst);
                return;
            }
            position += n;
        }
    }

    @Override
    public boolean tryRead(long offset, ByteBuffer dst) throws IOException {
        requireOffset(offset);
        if (linux.isEmpty() || !dst.isDirect()) {
            return false;
        }
        long position = offset;
        while (dst.hasRemaining()) {
            int n = linux.get().readWithoutWaiting(position, dst);
            if (n < 0) {
                return false;
            }
            if (n == 0) {
                zeroFill(dst); // end of file: the rest reads as zeros, as in read()
                return true;
            }
            position += n;
        }
        return true;
    }

    /** One pwritev(2) for all segments where they are off-heap, so the PDUs' buffers go to the file as they are. */
    @Override
    public void write(long offset, ByteBuffer[] srcs, boolean durable) throws IOException {
        requireOffset(offset);
        if (readOnly()) {
            throw new ReadOnlyStoreException(describe());
        }
        if (linux.isEmpty() || !linux.get().canGather() || srcs.length == 1 || !allDirect(srcs)) {
            BlockStore.super.write(offset, srcs, durable);
            return;
        }
        linux.get().writeFully(offset, srcs);
        if (durable || writeThrough) {
            channel.force(false);
        }
    }

    @Override
    public Optional<FileSpan> cachedFileSpan(long offset, int length) throws IOException {
        requireOffset(offset);
        if (linux.isEmpty() || deviceSize >= 0 || length <= 0 || offset + length > channel.size()
                || !linux.get().cached(offset, length)) {
            return Optional.empty();
        }
        synchronized (spanLock) {
            if (closing) {
                return Optional.empty();
            }
            spansOut++;
        }
        return Optional.of(new FileSpan(channel, offset, length, this::spanReleased));
    }

    @Override
    public void write(long offset, ByteBuffer src, boolean durable) throws IOException {
        requireOffset(offset);
        if (readOnly()) {
            throw new ReadOnlyStoreException(describe());
        }
        long position = offset;
        while (src.hasRemaining()) {
            position += channel.write(src, position);
        }
        if (durable || writeThrough) {
            // Data only: like fdatasync, file metadata such as mtime need not reach the disk.
            channel.force(false);
        }
    }

    @Override
    public void flush() throws IOException {
        if (!readOnly()) {
            channel.force(false);
        }
    }

    @Override
    public String describe() {
        return path.toString();
    }

    @Override
    public void close() throws IOException {
        try {
            boolean closeNow;
            synchronized (spanLock) {
                closeNow = !closing && spansOut == 0;
                closing = true;
            }
            if (closeNow) {
                channel.close();
            }
        } finally {
            if (linux.isPresent()) {
                linux.get().close();
            }
        }
    }

    /** After {@link #close}, the last span released closes the channel: sendfile never meets a closed or reused fd. */
    private void spanReleased() {
        boolean closeNow;
        synchronized (spanLock) {
            spansOut--;
            closeNow = closing && spansOut == 0;
        }
        if (closeNow) {
            try {
                channel.close();
            } catch (IOException e) {
                // nobody left to tell: the store was closed already
            }
        }
    }

    private static void requireOffset(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset: " + offset);
        }
    }

    private static boolean allDirect(ByteBuffer[] buffers) {
        for (ByteBuffer b : buffers) {
            if (!b.isDirect()) {
                return false;
            }
        }
        return true;
    }

    private static void zeroFill(ByteBuffer dst) {
        while (dst.hasRemaining()) {
            dst.put((byte) 0);
        }
    }
}
