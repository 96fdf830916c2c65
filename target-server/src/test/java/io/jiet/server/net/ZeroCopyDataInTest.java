package io.jiet.server.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jiet.pdu.DataIn;
import io.jiet.pdu.DigestOptions;
import io.jiet.pdu.LoginResponse;
import io.jiet.pdu.PduCodec;
import io.jiet.pdu.ScsiCommand;
import io.jiet.pdu.ScsiResponse;
import io.jiet.pdu.TargetPdu;
import io.jiet.server.JietDaemon;
import io.jiet.server.LoopbackDaemon;
import io.jiet.server.TestInitiator;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * READ data served from cached file ranges with sendfile (no data digest) and from memory (data digest): the same
 * bytes, split into Data-In PDUs by the initiator's MaxRecvDataSegmentLength, padded to 4 bytes when the Expected
 * Data Transfer Length cuts a block, with correct digests — read off a raw socket byte by byte.
 */
class ZeroCopyDataInTest {

    private static final String TARGET = "iqn.2026-11.io.jiet:zero-copy";
    private static final int SEGMENT = 8192;

    @TempDir
    static Path dir;
    static JietDaemon daemon;
    static InetSocketAddress portal;

    @BeforeAll
    static void start() throws Exception {
        Path lun = LoopbackDaemon.sparseImage(dir, "lun0.img", 8L << 20);
        daemon = LoopbackDaemon.start("zero-copy.conf", """
                Target %s
                    Lun 0 Path=%s,Type=fileio,IOMode=wb
                    HeaderDigest CRC32C,None
                    DataDigest CRC32C,None
                """.formatted(TARGET, lun));
        portal = daemon.boundPortals().getFirst();
    }

    @AfterAll
    static void stop() {
        daemon.close();
    }

    private static TestInitiator login(String headerDigest, String dataDigest) throws IOException {
        TestInitiator initiator = new TestInitiator(portal);
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("InitiatorName", TestInitiator.INITIATOR_NAME);
        keys.put("TargetName", TARGET);
        keys.put("SessionType", "Normal");
        keys.put("HeaderDigest", headerDigest);
        keys.put("DataDigest", dataDigest);
        keys.put("MaxRecvDataSegmentLength", Integer.toString(SEGMENT));
        keys.put("MaxBurstLength", "262144");
        keys.put("FirstBurstLength", "65536");
        LoginResponse response = initiator.login(0x23d000000000L + headerDigest.length() * 7L + dataDigest.length(),
                keys);
        assertEquals(0, response.statusClass());
        initiator.digests = new DigestOptions(!headerDigest.equals("None"), !dataDigest.equals("None"));
        return initiator;
    }

    /** The JDK's CRC32C, an oracle independent of the pdu module's; iSCSI sends it least significant byte first. */
    private static int crc32c(byte[] bytes, int length) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }

    private static long sentFromFiles() {
        return daemon.traffic().portals().values().stream().mapToLong(PortalTraffic.Bytes::sentFromFiles).sum();
    }

    /** What came back for one READ: the data in order, the PDU count, the status PDU's residual. */
    private record ReadBack(byte[] data, int dataInPdus, int residualCount, boolean overflow) {
    }

    /**
     * READ(10) of {@code blocks} with the given Expected Data Transfer Length, parsed off the socket here (not by
     * the test initiator) so padding and digests are checked on the wire bytes.
     */
    private static ReadBack read(TestInitiator initiator, long lba, int blocks, int expected) throws IOException {
        initiator.send(new ScsiCommand(false, true, true, false, 1, 0, initiator.itt++, expected, initiator.cmdSN++,
                initiator.expStatSN, TestInitiator.cdb10(0x28, lba, blocks), 0, Unpooled.EMPTY_BUFFER));
        DataInputStream in = new DataInputStream(initiator.socket().getInputStream());
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        int pdus = 0;
        while (true) {
            byte[] bhs = new byte[PduCodec.BHS_LENGTH];
            in.readFully(bhs);
            if (initiator.digests.header()) {
                int digest = Integer.reverseBytes(in.readInt());
                assertEquals(crc32c(bhs, bhs.length), digest, "header digest");
            }
            int length = (bhs[5] & 0xff) << 16 | (bhs[6] & 0xff) << 8 | bhs[7] & 0xff;
            byte[] segment = new byte[length + PduCodec.padding(length)];
            in.readFully(segment);
            for (int i = length; i < segment.length; i++) {
                assertEquals(0, segment[i], "padding is zeros");
            }
            if (length > 0 && initiator.digests.data()) {
                int digest = Integer.reverseBytes(in.readInt());
                assertEquals(crc32c(segment, segment.length), digest, "data digest (over data and padding)");
            }
            TargetPdu pdu = (TargetPdu) PduCodec.decode(Unpooled.wrappedBuffer(bhs), Unpooled.EMPTY_BUFFER,
                    Unpooled.wrappedBuffer(segment, 0, length));
            if (pdu instanceof DataIn dataIn) {
                pdus++;
                assertTrue(length <= SEGMENT, "Data-In within the initiator's MaxRecvDataSegmentLength");
                assertEquals(data.size(), dataIn.bufferOffset());
                data.write(segment, 0, length);
                if (dataIn.statusPresent()) {
                    initiator.expStatSN = dataIn.statSN() + 1;
                    assertEquals(0, dataIn.status());
                    return new ReadBack(data.toByteArray(), pdus, dataIn.residualCount(), dataIn.residualOverflow());
                }
            } else if (pdu instanceof ScsiResponse response) {
                initiator.expStatSN = response.statSN() + 1;
                assertEquals(0, response.status());
                return new ReadBack(data.toByteArray(), pdus, response.residualCount(), response.residualOverflow());
            } else {
                throw new IOException("unexpected " + pdu);
            }
        }
    }

    private static byte[] written(TestInitiator initiator, long lba, int bytes, long seed) throws IOException {
        byte[] pattern = new byte[bytes];
        new Random(seed).nextBytes(pattern);
        assertEquals(0, initiator.write10(lba, pattern, initiator.cmdSN++));
        return pattern;
    }

    @Test
    void cachedDataGoesOutFromTheFileInSegmentsAndMatchesWhatWasWritten() throws IOException {
        try (TestInitiator initiator = login("None", "None")) {
            byte[] pattern = written(initiator, 100, 256 * 1024, 1);
            long before = sentFromFiles();
            ReadBack whole = read(initiator, 100, 512, 256 * 1024);
            assumeTrue(sentFromFiles() > before, "no cachestat(2) on this kernel: reads are copied");
            assertEquals(256 * 1024, sentFromFiles() - before, "every data byte went out with sendfile");
            assertArrayEquals(pattern, whole.data());
            assertEquals(256 * 1024 / SEGMENT, whole.dataInPdus());
            assertEquals(0, whole.residualCount());
        }
    }

    @Test
    void anExpectedLengthThatCutsABlockIsPaddedOnTheWire() throws IOException {
        try (TestInitiator initiator = login("CRC32C", "None")) {
            byte[] pattern = written(initiator, 2000, 32 * 512, 2);
            long before = sentFromFiles();
            int expected = 3 * SEGMENT / 2 + 3; // 12291: Data-In of 8192 and 4099 bytes, the last padded by 1
            ReadBack cut = read(initiator, 2000, 32, expected);
            assertArrayEquals(java.util.Arrays.copyOf(pattern, expected), cut.data());
            assertEquals(2, cut.dataInPdus());
            // RFC 7143 §11.4.5.2: the CDB asked for more than the initiator expects.
            assertTrue(cut.overflow());
            assertEquals(32 * 512 - expected, cut.residualCount());
            long fromFiles = sentFromFiles() - before;
            assertTrue(fromFiles == 0 || fromFiles == expected, "all or nothing from the file: " + fromFiles);
        }
    }

    @Test
    void withADataDigestTheDataIsSentFromMemoryWithItsDigest() throws IOException {
        try (TestInitiator initiator = login("CRC32C", "CRC32C")) {
            byte[] pattern = written(initiator, 4000, 64 * 1024, 3);
            long before = sentFromFiles();
            ReadBack back = read(initiator, 4000, 128, 64 * 1024);
            assertArrayEquals(pattern, back.data());
            assertEquals(0, sentFromFiles() - before, "a data digest needs the bytes in memory");
        }
    }
}
