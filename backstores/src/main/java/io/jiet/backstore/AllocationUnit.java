package io.jiet.backstore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the unit in which a backing file's space is allocated: the file system block size for a regular file,
 * the physical block size Linux reports in {@code /sys/dev/block/MAJOR:MINOR/queue/physical_block_size} for a
 * block device. 0 when it cannot be found, or when it is not a power of two up to 1 MiB. Stateless.
 */
final class AllocationUnit {

    private static final long MAX = 1 << 20;

    private AllocationUnit() {
    }

    static int of(Path path, boolean regularFile) {
        try {
            long size = regularFile ? Files.getFileStore(path).getBlockSize() : devicePhysicalBlockSize(path);
            return size > 0 && size <= MAX && Long.bitCount(size) == 1 ? (int) size : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long devicePhysicalBlockSize(Path device) throws IOException {
        Object rdev = Files.getAttribute(device, "unix:rdev");
        if (!(rdev instanceof Long number) || number == 0) {
            return 0;
        }
        // glibc's gnu_dev_major/minor split of a 64-bit dev_t.
        long major = (number >>> 8) & 0xFFF | (number >>> 32) & ~0xFFFL;
        long minor = number & 0xFF | (number >>> 12) & ~0xFFL;
        Path sysfs = Path.of("/sys/dev/block/" + major + ":" + minor + "/queue/physical_block_size");
        return Files.isReadable(sysfs) ? Long.parseLong(Files.readString(sysfs).strip()) : 0;
    }
}
