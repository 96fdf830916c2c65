package io.jiet.server.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiet.pdu.DataIn;
import io.jiet.pdu.DataOut;
import io.jiet.pdu.LoginResponse;
import io.jiet.pdu.NopIn;
import io.jiet.pdu.NopOut;
import io.jiet.pdu.ReadyToTransfer;
import io.jiet.pdu.Reject;
import io.jiet.pdu.ScsiCommand;
import io.jiet.pdu.ScsiResponse;
import io.jiet.pdu.TargetPdu;
import io.jiet.pdu.TextRequest;
import io.jiet.pdu.TextResponse;
import io.jiet.server.JietDaemon;
import io.jiet.server.LoopbackDaemon;
import io.jiet.server.TestInitiator;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real bytes over a real socket against an in-process daemon. */
class FullFeaturePhaseTest {

    private static final String TARGET = "iqn.2026-11.io.jiet:ffp-test";
    private static final int RESERVED = 0xffffffff;

    @TempDir
    static Path dir;
    static JietDaemon daemon;
    static InetSocketAddress portal;

    @BeforeAll
    static void start() throws Exception {
        Path lun = LoopbackDaemon.sparseImage(dir, "lun0.img", 16L << 20);
        daemon = LoopbackDaemon.start("test.conf", """
                Target %s
                    Lun 0 Path=%s,Type=fileio,IOMode=wb
                """.formatted(TARGET, lun));
        portal = daemon.boundPortals().getFirst();
    }

    @AfterAll
    static void stop() {
        daemon.close();
    }

    static Map<String, String> normalKeys() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("InitiatorName", TestInitiator.INITIATOR_NAME);
        keys.put("TargetName", TARGET);
        keys.put("SessionType", "Normal");
        keys.put("HeaderDigest", "None");
        keys.put("DataDigest", "None");
        keys.put("InitialR2T", "Yes");
        keys.put("ImmediateData", "Yes");
        keys.put("MaxRecvDataSegmentLength", "262144");
        keys.put("MaxBurstLength", "262144");
        keys.put("FirstBurstLength", "65536");
        return keys;
    }

    static TestInitiator normalSession(long isid) throws IOException {
        TestInitiator initiator = new TestInitiator(portal);
        LoginResponse response = initiator.login(isid, normalKeys());
        assertEquals(0, response.statusClass(), "login status");
        assertTrue(response.transit());
        assertEquals(3, response.nextStage());
        assertTrue(response.tsih() != 0);
        return initiator;
    }


    @Test
    void discoveryListsTheTargetWithItsPortal() throws IOException {
        try (TestInitiator initiator = new TestInitiator(portal)) {
            Map<String, String> keys = new LinkedHashMap<>();
            keys.put("InitiatorName", TestInitiator.INITIATOR_NAME);
            keys.put("SessionType", "Discovery");
            keys.put("HeaderDigest", "None");
            keys.put("DataDigest", "None");
            assertEquals(0, initiator.login(0x400001L, keys).statusClass());
            initiator.send(new TextRequest(true, true, false, 0, initiator.itt++, RESERVED, initiator.cmdSN,
                    initiator.expStatSN, TestInitiator.text(Map.of("SendTargets", "All"))));
            TextResponse response = assertInstanceOf(TextResponse.class, initiator.receive());
            assertTrue(response.finalFlag());
            String text = response.data().toString(StandardCharsets.UTF_8);
            assertEquals("TargetName=" + TARGET + "\0TargetAddress=127.0.0.1:" + portal.getPort() + ",1\0", text);
        }
    }

    @Test
    void dataWrittenInOneSessionReadsBackInAnother() throws IOException {
        byte[] written = new byte[128 * 1024];
        new Random(42).nextBytes(written);
        int blocks = written.length / 512;
        try (TestInitiator a = normalSession(0x400002L)) {
            int itt = a.itt++;
            int immediate = 8192; // the target declares MaxRecvDataSegmentLength 8192
            a.send(new ScsiCommand(false, true, false, true, 1, 0, itt, written.length, a.cmdSN++, a.expStatSN,
                    TestInitiator.cdb10(0x2a, 100, blocks), 0, Unpooled.wrappedBuffer(written, 0, immediate)));
            int sent = immediate;
            while (true) {
                TargetPdu pdu = a.receive();
                if (pdu instanceof ReadyToTransfer r2t) {
                    assertEquals(sent, r2t.bufferOffset());
                    int end = r2t.bufferOffset() + r2t.desiredDataTransferLength();
                    int dataSN = 0;
                    for (int off = r2t.bufferOffset(); off < end; off += 8192) {
                        int len = Math.min(8192, end - off);
                        a.send(new DataOut(off + len == end, 0, itt, r2t.targetTransferTag(), a.expStatSN,
                                dataSN++, off, Unpooled.wrappedBuffer(written, off, len)));
                    }
                    sent = end;
                } else {
                    ScsiResponse response = assertInstanceOf(ScsiResponse.class, pdu);
                    assertEquals(0, response.status());
                    assertEquals(written.length, sent);
                    break;
                }
            }
        }
        try (TestInitiator b = normalSession(0x400003L)) {
            b.send(new ScsiCommand(false, true, true, false, 1, 0, b.itt++, written.length, b.cmdSN++,
                    b.expStatSN, TestInitiator.cdb10(0x28, 100, blocks), 0, Unpooled.EMPTY_BUFFER));
            byte[] read = new byte[written.length];
            while (true) {
                DataIn in = assertInstanceOf(DataIn.class, b.receive());
                assertTrue(in.data().readableBytes() <= 8192, "Data-In bounded by MaxXmitDataSegmentLength");
                in.data().readBytes(read, in.bufferOffset(), in.data().readableBytes());
                if (in.statusPresent()) {
                    assertTrue(in.finalFlag());
                    assertEquals(0, in.status());
                    break;
                }
            }
            assertArrayEquals(written, read);
        }
    }

    @Test
    void unknownOpcodeIsRejectedAndTheSessionGoesOn() throws IOException {
        try (TestInitiator a = normalSession(0x400004L)) {
            byte[] bogus = new byte[48];
            bogus[0] = 0x1e;
            bogus[1] = (byte) 0x80;
            bogus[16] = 0x12;
            a.sendRaw(bogus);
            Reject reject = assertInstanceOf(Reject.class, a.receive());
            assertEquals(Reject.COMMAND_NOT_SUPPORTED, reject.reason());
            byte[] header = new byte[48];
            reject.data().readBytes(header);
            assertArrayEquals(bogus, header);
            assertNopAnswered(a);
        }
    }

    @Test
    void dataOutForAnUnknownTaskIsRejected() throws IOException {
        try (TestInitiator a = normalSession(0x400005L)) {
            a.send(new DataOut(true, 0, 0x7777, 0x1234, a.expStatSN, 0, 0, Unpooled.wrappedBuffer(new byte[512])));
            Reject reject = assertInstanceOf(Reject.class, a.receive());
            assertEquals(Reject.INVALID_PDU_FIELD, reject.reason());
            assertNopAnswered(a);
        }
    }

    @Test
    void oversizedDataSegmentDropsOnlyThatConnection() throws IOException {
        try (TestInitiator bystander = normalSession(0x400006L); TestInitiator a = normalSession(0x400007L)) {
            byte[] header = new byte[48];
            header[0] = 0x05; // Data-Out
            header[1] = (byte) 0x80;
            header[5] = 0x10; // DataSegmentLength 1 MiB > negotiated 8192
            a.sendRaw(header);
            assertThrows(IOException.class, () -> {
                TargetPdu pdu = a.receive();
                throw new AssertionError("expected the connection to close, got " + pdu);
            });
            assertNopAnswered(bystander);
        }
    }

    @Test
    void commandOutsideTheWindowIsIgnored() throws IOException {
        try (TestInitiator a = normalSession(0x400008L)) {
            a.send(new NopOut(false, 0, a.itt++, RESERVED, a.cmdSN + 1000, a.expStatSN,
                    Unpooled.EMPTY_BUFFER));
            assertNopAnswered(a); // answered, while the out-of-window one produced nothing
        }
    }

    private static void assertNopAnswered(TestInitiator a) throws IOException {
        int itt = a.itt++;
        a.send(new NopOut(true, 0, itt, RESERVED, a.cmdSN, a.expStatSN,
                Unpooled.wrappedBuffer("ping".getBytes(StandardCharsets.US_ASCII))));
        NopIn nopIn = assertInstanceOf(NopIn.class, a.receive());
        assertEquals(itt, nopIn.initiatorTaskTag());
        assertEquals("ping", nopIn.data().toString(StandardCharsets.US_ASCII));
    }
}
