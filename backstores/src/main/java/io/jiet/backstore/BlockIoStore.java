package io.jiet.backstore;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileStore;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * IET's {@code Type=blockio}: a block device (or a regular file) opened with {@code O_DIRECT}
 * ({@link ExtendedOpenOption#DIRECT}), so data moves between the device and jiet's buffers without the page cache.
 * <ul>
 *   <li>Alignment. O_DIRECT transfers must start and end on the device's logical block and use aligned memory;
 *   the JDK further asks for the block size of the file store holding the path ({@code statvfs} f_frsize, 4096
 *   for devtmpfs and ext4), so the I/O unit ({@link #ioAlignment()}) is the larger of the two. Every transfer goes
 *   through an aligned direct buffer from a shared bounded pool ({@link AlignedBufferPool}); a caller's buffer
 *   that is already direct and aligned, at an aligned offset and length, is used as it is.</li>
 *   <li>Read-modify-write. A write that starts or ends inside an I/O unit first reads the partial units at its
 *   ends. Each write holds its aligned span in a {@link ByteRangeLock}, so two writes to disjoint bytes of the
 *   same unit cannot undo each other, while writes to disjoint spans run in parallel. Reads take no lock: a
 *   read-modify-write rewrites the bytes around its range with the values they had.</li>
 *   <li>Durability. A completed write has reached the device (O_DIRECT), but the device's volatile cache is only
 *   flushed by a {@code durable} write (FUA) and {@link #flush()}, both {@code fdatasync}. The store reports no
 *   write cache ({@link #writeCacheEnabled()} false, not changeable): IET's blockio wrote through as well. On a
 *   regular file a write into a hole or past the end also allocates blocks, which is file system metadata, so such
 *   writes (found with {@code SEEK_HOLE}) are followed by {@code fdatasync} too.</li>
 *   <li>Modes. {@link IoMode#WRITE_THROUGH} or {@link IoMode#READ_ONLY}; there is no write-back mode, since there
 *   is no page cache to write back from (the configuration refuses {@code Type=blockio,IOMode=wb}).</li>
 *   <li>Sizes. A block device's {@link #logicalBlockSize()} and {@link #physicalBlockSize()} come from
 *   {@code BLKSSZGET}/{@code BLKPBSZGET} ({@link BlockDeviceGeometry}); a regular file reports 512 and its file
 *   system block. A regular file's size must be a multiple of the I/O unit, since O_DIRECT cannot write part of
 *   one; a write past its end extends it to the end of the last unit written.</li>
 *   <li>Unmap punches a hole ({@code fallocate}, through {@link LinuxFile}) over the whole units of the range and
 *   writes zeros into the partial ones; where punching is not supported it writes zeros throughout.</li>
 * </ul>
 * <p>
 * Threading: safe for concurrent use. Positional I/O never touches the channel's position; writes serialize
 * only on overlapping aligned spans; the "punching works" flag is volatile.
 */
public final class BlockIoStore implements BlockStore {

    /** What a regular file reports as its logical block size: the smallest LUN BlockSize, always accepted. */
    static final int FILE_LOGICAL_BLOCK_SIZE = 512;

    private final Path path;
    private final FileChannel channel;
    private final boolean readOnly;
    /** A device's size is fixed at open; a regular file's size is read from the channel each time. */
    private final long deviceSize;
    private final BlockDeviceGeometry geometry;
    private final int alignment;
    private final Optional<LinuxFile> linux;
    private final AlignedBufferPool buffers;
    private final ByteRangeLock spans = new ByteRangeLock();
    private volatile boolean canPunchHoles;

    private BlockIoStore(Path path, FileChannel channel, boolean readOnly, long deviceSize,
                         BlockDeviceGeometry geometry, int alignment, Optional<LinuxFile> linux) {
        this.path = path;
        this.channel = channel;
        this.readOnly = readOnly;
        this.deviceSize = deviceSize;
        this.geometry = geometry;
        this.alignment = alignment;
        this.linux = linux;
        this.buffers = AlignedBufferPool.shared(alignment);
        this.canPunchHoles = linux.isPresent() && !readOnly;
    }

    /**
     * Opens an existing block device or regular file with O_DIRECT; it is never created.
     *
     * @param mode {@link IoMode#WRITE_THROUGH} or {@link IoMode#READ_ONLY}
     * @throws IllegalArgumentException for {@link IoMode#WRITE_BACK}
     * @throws IOException if the path is neither a block device nor a regular file, its file system refuses
     *                     O_DIRECT, or a regular file's size is not a multiple of the I/O unit
     */
    public static BlockIoStore open(Path path, IoMode mode) throws IOException {
        if (mode == IoMode.WRITE_BACK) {
            throw new IllegalArgumentException(path + ": blockio bypasses the page cache, so it has no write-back"
                    + " mode; use IOMode wt or ro, or Type=fileio");
        }
        boolean readOnly = mode == IoMode.READ_ONLY;
        boolean regular = Files.isRegularFile(path);
        if (!regular && !isBlockDevice(path)) {
            throw new IOException(path + ": not a block device or regular file");
        }
        FileStore fileStore = Files.getFileStore(path);
        FileChannel channel = openDirect(path, readOnly, fileStore);
        Optional<LinuxFile> linux = Optional.empty();
        try {
            int fileStoreBlock = Math.toIntExact(fileStore.getBlockSize());
            BlockDeviceGeometry geometry = regular
                    ? new BlockDeviceGeometry(FILE_LOGICAL_BLOCK_SIZE,
                            Math.max(FILE_LOGICAL_BLOCK_SIZE, fileStoreBlock))
                    : BlockDeviceGeometry.of(path);
            // Both are powers of two, so the larger is a multiple of the smaller.
            int alignment = Math.max(fileStoreBlock, geometry.logicalBlockSize());
            long size = channel.size();
            if (regular && size % alignment != 0) {
                throw new IOException(path + ": size " + size + " is not a multiple of " + alignment + ", the"
                        + " O_DIRECT unit of its file system; extend it (truncate -s " + alignUp(size, alignment)
                        + ") or use Type=fileio");
            }
            linux = LinuxFile.open(path, !readOnly);
            return new BlockIoStore(path, channel, readOnly, regular ? -1 : size, geometry, alignment, linux);
        } catch (IOException | RuntimeException e) {
            channel.close();
            if (linux.isPresent()) {
                linux.get().close();
            }
            throw e;
        }
    }

    private static boolean isBlockDevice(Path path) throws IOException {
        // S_IFMT and S_IFBLK from sys/stat.h.
        return Files.getAttribute(path, "unix:mode") instanceof Integer mode && (mode & 0170000) == 0060000;
    }

    /**
     * The JDK opens with O_DIRECT in the open flags; a file system without direct I/O (procfs; tmpfs before
     * Linux 6.6) fails that open with EINVAL.
     */
    private static FileChannel openDirect(Path path, boolean readOnly, FileStore fileStore) throws IOException {
        try {
            return readOnly
                    ? FileChannel.open(path, StandardOpenOption.READ, ExtendedOpenOption.DIRECT)
                    : FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    ExtendedOpenOption.DIRECT);
        } catch (NoSuchFileException | AccessDeniedException e) {
            throw e;
        } catch (FileSystemException e) {
            if (opensWithoutDirectIo(path)) {
                throw noDirectIo(path, fileStore, e);
            }
            throw e;
        } catch (UnsupportedOperationException e) {
            throw noDirectIo(path, fileStore, e);
        }
    }

    /** Tells EINVAL for O_DIRECT apart from other reasons an open fails (strerror text depends on the locale). */
    private static boolean opensWithoutDirectIo(Path path) {
        try (FileChannel plain = FileChannel.open(path, StandardOpenOption.READ)) {
            return plain.isOpen();
        } catch (IOException e) {
            return false;
        }
    }

    private static IOException noDirectIo(Path path, FileStore fileStore, Exception cause) {
        return new IOException(path + ": the file system (" + fileStore.type() + ") does not support O_DIRECT;"
                + " use Type=fileio", cause);
    }

    public Path path() {
        return path;
    }

    /** The device's logical block size (BLKSSZGET); 512 for a regular file. */
    public int logicalBlockSize() {
        return geometry.logicalBlockSize();
    }

    /** The device's physical block size (BLKPBSZGET); the file system block for a regular file. */
    public int physicalBlockSize() {
        return geometry.physicalBlockSize();
    }

    /** The unit every transfer is aligned to: a write that does not cover whole units costs a read first. */
    public int ioAlignment() {
        return alignment;
    }

    /**
     * Refuses a LUN block size the device cannot address: smaller than its logical block, or not a multiple of it.
     *
     * @throws BlockSizeMismatchException naming both sizes
     */
    public void requireBlockSize(int blockSize) throws BlockSizeMismatchException {
        int logical = logicalBlockSize();
        if (blockSize < logical) {
            throw new BlockSizeMismatchException("BlockSize " + blockSize + " is smaller than " + path
                    + "'s logical block size " + logical + "; use BlockSize=" + logical, blockSize, logical);
        }
        if (blockSize % logical != 0) {
            throw new BlockSizeMismatchException("BlockSize " + blockSize + " is not a multiple of " + path
                    + "'s logical block size " + logical, blockSize, logical);
        }
    }

    @Override
    public long size() throws IOException {
        return deviceSize >= 0 ? deviceSize : channel.size();
    }

    @Override
    public boolean readOnly() {
        return readOnly;
    }

    /** Writes through: a completed write has left jiet for the device, as with IET's blockio. */
    @Override
    public boolean writeCacheEnabled() {
        return false;
    }

    /** The larger of the physical block and the I/O unit: below either, a write costs a read first. */
    @Override
    public int allocationUnit() {
        return Math.max(geometry.physicalBlockSize(), alignment);
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        requireOffset(offset);
        if (!dst.hasRemaining()) {
            return;
        }
        if (usableAsIs(offset, dst)) {
            readAligned(dst, offset);
            return;
        }
        long end = offset + dst.remaining();
        ByteBuffer bounce = buffers.take();
        try {
            long position = offset;
            while (position < end) {
                long unitStart = alignDown(position);
                int length = (int) Math.min(bounce.capacity(), alignUp(end) - unitStart);
                readAligned(bounce.clear().limit(length), unitStart);
                int from = (int) (position - unitStart);
                int n = (int) Math.min(length - from, end - position);
                dst.put(dst.position(), bounce, from, n).position(dst.position() + n);
                position += n;
            }
        } finally {
            buffers.give(bounce);
        }
    }

    @Override
    public void write(long offset, ByteBuffer src, boolean durable) throws IOException {
        write(offset, new ByteBuffer[] {src}, durable);
    }

    /**
     * The data of one command as it arrived in several PDUs, copied straight into the aligned buffers: one O_DIRECT
     * transfer per buffer's worth, and a read-modify-write only at the two ends of the whole range.
     */
    @Override
    public void write(long offset, ByteBuffer[] srcs, boolean durable) throws IOException {
        requireOffset(offset);
        requireWritable();
        long length = 0;
        for (ByteBuffer src : srcs) {
            length += src.remaining();
        }
        boolean allocating = false;
        if (length > 0) {
            requireInsideDevice(offset, length);
            allocating = allocating(alignDown(offset), alignUp(offset + length));
            writeSpan(offset, length, srcs);
        }
        if (durable || allocating) {
            channel.force(false);
        }
    }

    @Override
    public void flush() throws IOException {
        if (!readOnly) {
            channel.force(false);
        }
    }

    /**
     * Punches a hole over the whole I/O units of the range (regular files; block devices discard with zeroing)
     * and writes zeros into the partial units at its ends, or zeros throughout where punching is not supported.
     * The change is made durable before returning, as a write-through store must.
     */
    @Override
    public void unmap(long offset, long length) throws IOException {
        requireOffset(offset);
        requireWritable();
        if (length == 0) {
            return;
        }
        requireInsideDevice(offset, length);
        long end = offset + length;
        long innerStart = alignUp(offset);
        long innerEnd = alignDown(end);
        if (innerStart >= innerEnd) {
            writeSpan(offset, length, null);
        } else {
            if (offset < innerStart) {
                writeSpan(offset, innerStart - offset, null);
            }
            if (end > innerEnd) {
                writeSpan(innerEnd, end - innerEnd, null);
            }
            if (!punch(innerStart, innerEnd)) {
                writeSpan(innerStart, innerEnd - innerStart, null);
            }
        }
        channel.force(false);
    }

    private boolean punch(long start, long end) throws IOException {
        if (!canPunchHoles) {
            return false;
        }
        int held = spans.lock(start, end);
        try {
            if (linux.orElseThrow().punchHole(start, end - start)) {
                return true;
            }
        } finally {
            spans.unlock(held);
        }
        canPunchHoles = false;
        return false;
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
    public String describe() {
        return path.toString();
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            if (linux.isPresent()) {
                linux.get().close();
            }
        }
    }

    /**
     * Writes {@code length} bytes from {@code srcs} in turn, or zeros when {@code srcs} is null, at {@code offset},
     * holding the aligned span for the whole write.
     */
    private void writeSpan(long offset, long length, ByteBuffer[] srcs) throws IOException {
        long end = offset + length;
        int held = spans.lock(alignDown(offset), alignUp(end));
        try {
            if (srcs != null && srcs.length == 1 && usableAsIs(offset, srcs[0])) {
                writeAligned(srcs[0], offset);
                return;
            }
            ByteBuffer bounce = buffers.take();
            try {
                int next = 0;
                long position = offset;
                while (position < end) {
                    long unitStart = alignDown(position);
                    int unitsLength = (int) Math.min(bounce.capacity(), alignUp(end) - unitStart);
                    int from = (int) (position - unitStart);
                    int n = (int) Math.min(unitsLength - from, end - position);
                    boolean headPartial = from != 0;
                    boolean tailPartial = from + n < unitsLength;
                    if (headPartial) {
                        readAligned(bounce.clear().limit(alignment), unitStart);
                    }
                    if (tailPartial && !(headPartial && unitsLength == alignment)) {
                        readAligned(bounce.clear().limit(unitsLength).position(unitsLength - alignment),
                                unitStart + unitsLength - alignment);
                    }
                    bounce.clear().limit(unitsLength);
                    if (srcs == null) {
                        MemorySegment.ofBuffer(bounce).asSlice(from, n).fill((byte) 0);
                    } else {
                        next = copy(srcs, next, bounce, from, n);
                    }
                    writeAligned(bounce, unitStart);
                    position += n;
                }
            } finally {
                buffers.give(bounce);
            }
        } finally {
            spans.unlock(held);
        }
    }

    /**
     * Moves {@code n} bytes from {@code srcs}, starting with {@code srcs[next]}, to {@code dst} at {@code at};
     * returns the index of the first source that still has bytes.
     */
    private static int copy(ByteBuffer[] srcs, int next, ByteBuffer dst, int at, int n) {
        while (n > 0) {
            ByteBuffer src = srcs[next];
            int m = Math.min(n, src.remaining());
            dst.put(at, src, src.position(), m);
            src.position(src.position() + m);
            at += m;
            n -= m;
            if (!src.hasRemaining()) {
                next++;
            }
        }
        return next;
    }

    /** Fills all of {@code buffer} (aligned) from {@code position} (aligned); bytes past the end read as zeros. */
    private void readAligned(ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position);
            if (n < 0) {
                zeroFill(buffer);
                return;
            }
            position += n;
            if (buffer.hasRemaining() && position % alignment != 0) {
                // O_DIRECT reads stop short only at the end, which here falls inside an I/O unit.
                zeroFill(buffer);
                return;
            }
        }
    }

    /** Writes all of {@code buffer} (aligned) at {@code position} (aligned). */
    private void writeAligned(ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
            if (buffer.hasRemaining() && deviceSize >= 0 && position >= deviceSize) {
                // The device ends inside this unit (its size is a multiple of its logical block, not of the
                // unit): the kernel wrote up to the end, and what remains is padding past the caller's range.
                buffer.position(buffer.limit());
            }
        }
    }

    /**
     * Whether writing {@code [start, end)} of a regular file allocates blocks: part of it is a hole (unwritten
     * extents count) or lies past the end of the file. Without SEEK_HOLE every write on a file counts.
     */
    private boolean allocating(long start, long end) {
        if (deviceSize >= 0) {
            return false;
        }
        if (linux.isEmpty()) {
            return true;
        }
        try {
            return linux.get().seekHole(start) < end;
        } catch (IOException e) {
            return true;
        }
    }

    /** A direct buffer at an aligned address, with an aligned length, for an aligned offset. */
    private boolean usableAsIs(long offset, ByteBuffer buffer) {
        return buffer.isDirect() && offset % alignment == 0
                && buffer.remaining() % alignment == 0 && buffer.alignmentOffset(buffer.position(), alignment) == 0;
    }

    /** On a device the kernel would shorten a write past the end without an error; refuse it first. */
    private void requireInsideDevice(long offset, long length) throws IOException {
        if (deviceSize >= 0 && offset + length > deviceSize) {
            throw new IOException(path + ": bytes " + offset + ".." + (offset + length) + " are past the end of the"
                    + " device (" + deviceSize + " bytes)");
        }
    }

    private void requireWritable() throws ReadOnlyStoreException {
        if (readOnly) {
            throw new ReadOnlyStoreException(describe());
        }
    }

    private long alignDown(long position) {
        return position - position % alignment;
    }

    private long alignUp(long position) {
        return alignUp(position, alignment);
    }

    private static long alignUp(long position, int alignment) {
        long rest = position % alignment;
        return rest == 0 ? position : position + alignment - rest;
    }

    private static void requireOffset(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset: " + offset);
        }
    }

    private static void zeroFill(ByteBuffer buffer) {
        MemorySegment.ofBuffer(buffer).fill((byte) 0);
        buffer.position(buffer.limit());
    }
}
