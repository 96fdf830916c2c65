package io.jiet.scsi.disk;

import static io.jiet.scsi.SenseAssertions.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.jiet.backstore.IoMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrentIoTest {

    @TempDir
    Path dir;

    @Test
    void concurrentWritesToDisjointRangesAllLand() throws Exception {
        int workers = 8;
        int blocksEach = 32;
        try (Disk disk = Disk.onFile(dir, (long) workers * blocksEach, 512, IoMode.WRITE_BACK);
             ExecutorService pool = Executors.newFixedThreadPool(workers)) {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int worker = w;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < blocksEach; i++) {
                        int lba = worker * blocksEach + i;
                        byte[] block = new byte[512];
                        Arrays.fill(block, (byte) (worker * 16 + i));
                        bytes(disk.write(ReadWriteTest.write10(lba, 1, i % 2 == 0 ? 0x08 : 0), block));
                        assertArrayEquals(block, bytes(disk.execute(ReadWriteTest.read10(lba, 1))));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            byte[] file = disk.fileBytes();
            for (int lba = 0; lba < workers * blocksEach; lba++) {
                byte[] expected = new byte[512];
                Arrays.fill(expected, (byte) ((lba / blocksEach) * 16 + lba % blocksEach));
                assertArrayEquals(expected, Arrays.copyOfRange(file, lba * 512, lba * 512 + 512), "LBA " + lba);
            }
        }
    }
}
