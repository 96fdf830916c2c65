package io.jiet.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jiet.interop.harness.IetdConf;
import io.jiet.interop.harness.JietdProcess;
import io.jiet.interop.initiator.Cdb;
import io.jiet.interop.initiator.InitiatorSession;
import io.jiet.interop.initiator.LoginRequest;
import io.jiet.interop.initiator.ScsiResult;
import io.jiet.interop.initiator.SessionParameters;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Data written through one session reads back identically through another, and is in the backing file after a
 * clean shutdown. Each write path of RFC 7143 §4.2.5.2 is taken by choosing the target's InitialR2T and
 * ImmediateData in ietd.conf; the initiator offers InitialR2T=No, ImmediateData=Yes so the target's side decides.
 */
class DataIntegrityTest {
    private static final String IQN = "iqn.2026-11.io.jiet:integrity";
    private static final int BLOCK = 512;
    private static final int BYTES = 256 * 1024;
    private static final long LBA = 1000;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    /** How the 256 KiB of a WRITE(10) travel, given the target's settings. */
    enum WritePath {
        IMMEDIATE_DATA_THEN_R2T("Yes", "Yes"),
        R2T_ONLY("Yes", "No"),
        IMMEDIATE_AND_UNSOLICITED_DATA_OUT_THEN_R2T("No", "Yes"),
        UNSOLICITED_DATA_OUT_THEN_R2T("No", "No");

        final String initialR2T;
        final String immediateData;

        WritePath(String initialR2T, String immediateData) {
            this.initialR2T = initialR2T;
            this.immediateData = immediateData;
        }
    }

    @ParameterizedTest
    @EnumSource(WritePath.class)
    void writeInOneSessionReadBackInAnother(WritePath path) throws IOException {
        Path image = IetdConf.sparseImage(dir, "lun0.img", 64L << 20);
        String config = IetdConf.create().target(IQN)
                .parameter("InitialR2T", path.initialR2T)
                .parameter("ImmediateData", path.immediateData)
                .parameter("FirstBurstLength", "65536")
                .parameter("MaxBurstLength", "262144")
                .parameter("MaxRecvDataSegmentLength", "8192")
                .fileioLun(0, image, "IOMode=wb")
                .text();
        byte[] data = new byte[BYTES];
        new Random(path.ordinal() * 7919L + 17).nextBytes(data);

        JietdProcess daemon = JietdProcess.start(dir, config);
        try {
            try (InitiatorSession writer = login(daemon)) {
                SessionParameters negotiated = writer.parameters();
                // RFC 7143 §13.10 InitialR2T: OR of both sides; §13.11 ImmediateData: AND of both sides.
                assertEquals(path.initialR2T.equals("Yes"), negotiated.initialR2T(), negotiated::toString);
                assertEquals(path.immediateData.equals("Yes"), negotiated.immediateData(), negotiated::toString);
                assertEquals(8192, negotiated.targetMaxRecvDataSegmentLength(), negotiated::toString);

                ScsiResult written = writer.write(0, Cdb.write10(LBA, BYTES / BLOCK), data);
                assertEquals(ScsiResult.GOOD, written.status(), () -> written + "\n" + daemon.logTail());
                writer.logout();
            }
            try (InitiatorSession reader = login(daemon)) {
                assertEquals(ScsiResult.GOOD, reader.testUnitReady(0).status(), daemon::logTail);
                ScsiResult read = reader.read(0, Cdb.read10(LBA, BYTES / BLOCK), BYTES);
                assertEquals(ScsiResult.GOOD, read.status(), () -> read + "\n" + daemon.logTail());
                assertArrayEquals(data, read.data(), "data read back through a second session");

                ScsiResult unwritten = reader.read(0, Cdb.read10(LBA - 8, 8), 8 * BLOCK);
                assertEquals(ScsiResult.GOOD, unwritten.status(), unwritten::toString);
                assertArrayEquals(new byte[8 * BLOCK], unwritten.data(), "blocks before the write stay zero");
                reader.logout();
            }
        } finally {
            daemon.close();
        }
        assertArrayEquals(data, readFile(image, LBA * BLOCK, BYTES), "backing file after a clean shutdown");
    }

    @Test
    void manySmallWritesInterleavedWithReads() throws IOException {
        Path image = IetdConf.sparseImage(dir, "lun0.img", 16L << 20);
        String config = IetdConf.create().target(IQN).fileioLun(0, image).text();
        Random random = new Random(42);
        byte[] expected = new byte[64 * BLOCK];
        try (JietdProcess daemon = JietdProcess.start(dir, config);
             InitiatorSession session = login(daemon)) {
            assertEquals(ScsiResult.GOOD, session.testUnitReady(0).status(), daemon::logTail);
            for (int i = 0; i < 40; i++) {
                int lba = random.nextInt(60);
                int blocks = 1 + random.nextInt(4);
                byte[] chunk = new byte[blocks * BLOCK];
                random.nextBytes(chunk);
                ScsiResult written = session.write(0, Cdb.write10(lba, blocks), chunk);
                assertEquals(ScsiResult.GOOD, written.status(), written::toString);
                System.arraycopy(chunk, 0, expected, lba * BLOCK, chunk.length);
                ScsiResult read = session.read(0, Cdb.read10(0, 64), expected.length);
                assertEquals(ScsiResult.GOOD, read.status(), read::toString);
                assertArrayEquals(expected, read.data(), "after write " + i + " of " + blocks + " blocks at LBA " + lba);
            }
        }
    }

    private static InitiatorSession login(JietdProcess daemon) throws IOException {
        return InitiatorSession.login(daemon.host(), daemon.port(), LoginRequest.normal(IQN));
    }

    private static byte[] readFile(Path file, long offset, int length) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            byte[] bytes = new byte[length];
            raf.seek(offset);
            raf.readFully(bytes);
            return bytes;
        }
    }
}
