package io.jiet.scsi.disk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiet.scsi.DataInBuffers;
import io.jiet.scsi.ScsiRequest;
import io.jiet.scsi.ScsiResult;
import io.jiet.scsi.ScsiStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * WRITE with its data-out in the segments it arrived in ({@link ScsiRequest#dataOutSegments()}): the medium gets
 * exactly the bytes a single buffer would have given it, cut to the CDB's transfer length, durable with FUA.
 */
class SegmentedWriteTest {

    private static final int BLOCK = 512;

    private static List<ByteBuffer> split(byte[] data, int... lengths) {
        List<ByteBuffer> segments = new ArrayList<>();
        int at = 0;
        for (int length : lengths) {
            ByteBuffer b = ByteBuffer.allocateDirect(length + 3).position(3).slice();
            b.put(data, at, length).flip();
            segments.add(b);
            at += length;
        }
        return segments;
    }

    private static ScsiResult write(Disk disk, byte[] cdb, List<ByteBuffer> segments) {
        return disk.unit.execute(new ScsiRequest(Disk.NEXUS, 0L, cdb, ByteBuffer.allocate(0), 0, DataInBuffers.HEAP,
                segments));
    }

    private static byte[] random(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void onlyWritesTakeSegments() {
        assertTrue(ScsiRequest.takesDataOutInSegments(Cdbs.write16(0, 1)));
        assertTrue(ScsiRequest.takesDataOutInSegments(ReadWriteTest.write10(0, 1, 0)));
        assertFalse(ScsiRequest.takesDataOutInSegments(Cdbs.compareAndWrite(0, 1)));
        assertFalse(ScsiRequest.takesDataOutInSegments(Cdbs.writeSame16(0, 1, 0)));
        assertFalse(ScsiRequest.takesDataOutInSegments(Cdbs.writeAtomic(0, 1)));
        assertFalse(ScsiRequest.takesDataOutInSegments(Cdbs.read16(0, 1)));
    }

    @Test
    void segmentsLandOnTheMediumInOrderAndFuaFlushesThemAll() throws IOException {
        MemoryStore store = new MemoryStore(64 * BLOCK);
        try (Disk disk = Disk.onStore(store, BLOCK)) {
            disk.execute(Cdbs.testUnitReady());
            byte[] data = random(8 * BLOCK, 1);
            ScsiResult r = write(disk, ReadWriteTest.write10(4, 8, 0x08), split(data, 1636, 100, 8 * BLOCK - 1736));
            assertEquals(ScsiStatus.GOOD, r.status());
            assertArrayEquals(data, Arrays.copyOfRange(store.bytes, 4 * BLOCK, 12 * BLOCK));
            assertEquals(0, store.bytes[4 * BLOCK - 1]);
            assertEquals(0, store.bytes[12 * BLOCK]);
            assertEquals(List.of("write 2048+1636", "write 3684+100", "write 3784+2360", "flush"),
                    store.operations.stream().filter(op -> !op.startsWith("read")).toList());
        }
    }

    @Test
    void dataBeyondTheTransferLengthIsNotWrittenAndMissingDataIsNotInvented() throws IOException {
        MemoryStore store = new MemoryStore(64 * BLOCK);
        try (Disk disk = Disk.onStore(store, BLOCK)) {
            disk.execute(Cdbs.testUnitReady());
            byte[] data = random(4 * BLOCK, 2);
            // CDB: 2 blocks; 4 blocks of data arrived.
            assertEquals(ScsiStatus.GOOD, write(disk, ReadWriteTest.write10(0, 2, 0), split(data, 700, 1348)).status());
            assertArrayEquals(Arrays.copyOf(data, 2 * BLOCK), Arrays.copyOf(store.bytes, 2 * BLOCK));
            assertEquals(0, store.bytes[2 * BLOCK]);
            // CDB: 4 blocks at LBA 10; only 1.5 blocks arrived (FCP-4 option a, as for one buffer).
            byte[] shorter = random(768, 3);
            assertEquals(ScsiStatus.GOOD, write(disk, ReadWriteTest.write10(10, 4, 0), split(shorter, 500, 268))
                    .status());
            assertArrayEquals(shorter, Arrays.copyOfRange(store.bytes, 10 * BLOCK, 10 * BLOCK + 768));
            assertEquals(0, store.bytes[10 * BLOCK + 768]);
        }
    }
}
