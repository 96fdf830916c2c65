package io.jiet.scsi.disk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiet.backstore.IoMode;
import io.jiet.scsi.DataInBuffers;
import io.jiet.scsi.ScsiRequest;
import io.jiet.scsi.ScsiResult;
import io.jiet.scsi.ScsiStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DiskLogicalUnit#executeWithoutBlocking}: a READ of cached data completes in place into the transport's
 * buffer; every other command, and a READ the store cannot serve without waiting, is left to the worker path
 * untouched.
 */
class ReadWithoutBlockingTest {

    private static final int BLOCK = 512;

    @TempDir
    Path dir;

    /** Lends direct buffers and remembers them, as the transport's pooled lender does. */
    private static class Lender implements DataInBuffers {
        final List<ByteBuffer> lent = new ArrayList<>();

        @Override
        public ByteBuffer allocate(int length) {
            ByteBuffer b = ByteBuffer.allocateDirect(length);
            lent.add(b);
            return b;
        }
    }

    /** A lender whose transport sends from files (no data digest). */
    private static final class FileSpanLender extends Lender {
        @Override
        public boolean takesFileSpans() {
            return true;
        }
    }

    private static ScsiRequest request(byte[] cdb, ByteBuffer dataOut, DataInBuffers lender) {
        return new ScsiRequest(Disk.NEXUS, 0L, cdb, dataOut, 1 << 24, lender);
    }

    private static void assertSense(ScsiResult r, int key, int asc, int ascq) {
        assertEquals(ScsiStatus.CHECK_CONDITION, r.status());
        byte[] s = r.senseData();
        assertEquals(key, s[2] & 0x0F);
        assertEquals(asc, s[12] & 0xFF);
        assertEquals(ascq, s[13] & 0xFF);
    }

    @Test
    void aCachedReadCompletesInPlaceIntoTheLentBuffer() throws IOException {
        try (Disk disk = Disk.onFile(dir, 64, BLOCK, IoMode.WRITE_BACK)) {
            Lender lender = new Lender();
            Optional<ScsiResult> result = disk.unit.executeWithoutBlocking(
                    request(Cdbs.read16(8, 4), ByteBuffer.allocate(0), lender));
            assertTrue(result.isPresent(), "a file just written is in the page cache");
            ScsiResult r = result.get();
            assertEquals(ScsiStatus.GOOD, r.status());
            assertEquals(4 * BLOCK, r.transferLength());
            assertSame(lender.lent.getFirst(), r.dataIn(), "the lent buffer goes back to the transport");
            byte[] expected = new byte[4 * BLOCK];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = Disk.pattern(8L * BLOCK + i);
            }
            byte[] actual = new byte[r.dataIn().remaining()];
            r.dataIn().duplicate().get(actual);
            assertArrayEquals(expected, actual);
        }
    }

    @Test
    void whereTheTransportSendsFromFilesACachedReadIsASpanOfTheBackingFile() throws IOException {
        try (Disk disk = Disk.onFile(dir, 64, BLOCK, IoMode.WRITE_BACK)) {
            FileSpanLender lender = new FileSpanLender();
            ScsiResult inPlace = disk.unit.executeWithoutBlocking(
                    request(Cdbs.read16(8, 4), ByteBuffer.allocate(0), lender)).orElseThrow();
            ScsiResult worker = disk.unit.execute(request(Cdbs.read16(8, 4), ByteBuffer.allocate(0), lender));
            for (ScsiResult r : List.of(inPlace, worker)) {
                if (r.dataInFile() == null) {
                    org.junit.jupiter.api.Assumptions.abort("no cachestat(2) here: reads are copied");
                }
                assertEquals(ScsiStatus.GOOD, r.status());
                assertEquals(8L * BLOCK, r.dataInFile().position());
                assertEquals(4 * BLOCK, r.dataInFile().length());
                assertEquals(4 * BLOCK, r.dataInLength());
                assertEquals(0, r.dataIn().remaining());
                ByteBuffer fromFile = ByteBuffer.allocate(4 * BLOCK);
                r.dataInFile().channel().read(fromFile, r.dataInFile().position());
                byte[] expected = new byte[4 * BLOCK];
                for (int i = 0; i < expected.length; i++) {
                    expected[i] = Disk.pattern(8L * BLOCK + i);
                }
                assertArrayEquals(expected, fromFile.array());
                r.dataInFile().release();
            }
            assertTrue(lender.lent.isEmpty(), "no buffer was needed");
            ScsiResult cut = disk.unit.execute(new ScsiRequest(Disk.NEXUS, 0L, Cdbs.read16(8, 4),
                    ByteBuffer.allocate(0), BLOCK, lender));
            if (cut.dataInFile() != null) {
                assertEquals(BLOCK, cut.dataInFile().length(), "only what the initiator has room for");
                assertEquals(4 * BLOCK, cut.transferLength());
                cut.dataInFile().release();
            }
        }
    }

    @Test
    void aBigReadWithoutAFileSpanIsNotCopiedInPlaceButGoesToTheWorker() throws IOException {
        try (Disk disk = Disk.onFile(dir, 64, BLOCK, IoMode.WRITE_BACK)) {
            Lender smallCopies = new Lender() {
                @Override
                public int copyWithoutWaitingLimit() {
                    return 2 * BLOCK;
                }
            };
            assertTrue(disk.unit.executeWithoutBlocking(
                    request(Cdbs.read16(0, 4), ByteBuffer.allocate(0), smallCopies)).isEmpty());
            assertTrue(smallCopies.lent.isEmpty(), "nothing was allocated for the refused attempt");
            assertTrue(disk.unit.executeWithoutBlocking(
                    request(Cdbs.read16(0, 2), ByteBuffer.allocate(0), smallCopies)).isPresent());
        }
    }

    @Test
    void whileAReservationIsHeldReadsGoToTheWorker() throws IOException {
        try (Disk disk = Disk.onFile(dir, 64, BLOCK, IoMode.WRITE_BACK)) {
            assertEquals(ScsiStatus.GOOD, disk.execute(Cdbs.reserve6()).status());
            assertTrue(disk.unit.executeWithoutBlocking(
                    request(Cdbs.read16(0, 1), ByteBuffer.allocate(0), new Lender())).isEmpty(),
                    "checking a reservation may wait for a PR OUT's APTPL fsync");
            assertEquals(ScsiStatus.GOOD, disk.execute(Cdbs.release6()).status());
            assertTrue(disk.unit.executeWithoutBlocking(
                    request(Cdbs.read16(0, 1), ByteBuffer.allocate(0), new Lender())).isPresent());
        }
    }

    @Test
    void writesAndOtherCommandsAreNotRunInPlace() throws IOException {
        try (Disk disk = Disk.onFile(dir, 64, BLOCK, IoMode.WRITE_BACK)) {
            byte[] before = disk.fileBytes();
            assertTrue(disk.unit.executeWithoutBlocking(
                    request(Cdbs.write16(0, 1), ByteBuffer.wrap(new byte[BLOCK]), DataInBuffers.HEAP)).isEmpty());
            assertTrue(disk.unit.executeWithoutBlocking(
                    request(Cdbs.testUnitReady(), ByteBuffer.allocate(0), DataInBuffers.HEAP)).isEmpty());
            assertArrayEquals(before, disk.fileBytes(), "nothing was written");
        }
    }

    @Test
    void aReadTheStoreCannotServeWithoutWaitingIsLeftForTheWorkerAndChangesNothing() throws IOException {
        MemoryStore store = new MemoryStore(64 * BLOCK); // no tryRead: every read would wait
        try (Disk disk = Disk.onStore(store, BLOCK)) {
            disk.execute(Cdbs.testUnitReady()); // the nexus is known to the unit
            disk.unit.logicalUnitReset(Disk.OTHER); // BUS DEVICE RESET unit attention for every nexus
            ScsiResult attention = disk.unit.executeWithoutBlocking(
                    request(Cdbs.read16(0, 1), ByteBuffer.allocate(0), DataInBuffers.HEAP)).orElseThrow();
            assertSense(attention, 0x6, 0x29, 0x03);
            assertTrue(disk.unit.executeWithoutBlocking(
                    request(Cdbs.read16(0, 1), ByteBuffer.allocate(0), DataInBuffers.HEAP)).isEmpty());
            ScsiResult blocking = disk.unit.execute(request(Cdbs.read16(0, 1), ByteBuffer.allocate(0),
                    DataInBuffers.HEAP));
            assertEquals(ScsiStatus.GOOD, blocking.status(), "no second unit attention was queued meanwhile");
        }
    }

    @Test
    void aBadReadIsAnsweredInPlaceWithTheSameSenseAsTheWorkerPath() throws IOException {
        try (Disk disk = Disk.onFile(dir, 64, BLOCK, IoMode.WRITE_BACK)) {
            ScsiResult inPlace = disk.unit.executeWithoutBlocking(
                    request(Cdbs.read16(64, 1), ByteBuffer.allocate(0), new Lender())).orElseThrow();
            assertSense(inPlace, 0x5, 0x21, 0x00); // LBA OUT OF RANGE, SBC-3 §4.5
            ScsiResult worker = disk.unit.execute(request(Cdbs.read16(64, 1), ByteBuffer.allocate(0),
                    DataInBuffers.HEAP));
            assertArrayEquals(worker.senseData(), inPlace.senseData());
        }
    }
}
