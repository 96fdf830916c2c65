package io.jiet.server.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiet.pdu.AsyncMessage;
import io.jiet.pdu.DigestOptions;
import io.jiet.pdu.LoginResponse;
import io.jiet.pdu.LogoutRequest;
import io.jiet.pdu.LogoutResponse;
import io.jiet.pdu.PduCodec;
import io.jiet.pdu.ScsiCommand;
import io.jiet.server.JietDaemon;
import io.jiet.server.LoopbackDaemon;
import io.jiet.server.TestInitiator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Digests end to end, login redirection and the logout request before a planned shutdown. */
class TargetLifecycleTest {

    private static final String TARGET = "iqn.2026-11.io.jiet:lifecycle";

    @TempDir
    Path dir;

    private JietDaemon start(String extraKeys) throws Exception {
        Path lun = LoopbackDaemon.sparseImage(dir, "lun.img", 8L << 20);
        return LoopbackDaemon.start("lifecycle.conf", "Target " + TARGET + "\n" + extraKeys
                + "    Lun 0 Path=" + lun + ",Type=fileio\n");
    }

    private static Map<String, String> keys(String digest) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("InitiatorName", TestInitiator.INITIATOR_NAME);
        keys.put("TargetName", TARGET);
        keys.put("HeaderDigest", digest);
        keys.put("DataDigest", digest);
        return keys;
    }

    @Test
    void crc32cDigestsProtectHeadersAndDataAndABadDataDigestDropsTheConnection() throws Exception {
        try (JietDaemon daemon = start("    HeaderDigest CRC32C\n    DataDigest CRC32C\n")) {
            try (TestInitiator initiator = new TestInitiator(daemon.boundPortals().getFirst())) {
                LoginResponse response = initiator.login(0x11L, keys("CRC32C,None"));
                assertEquals(0, response.statusClass());
                String answered = response.data().toString(StandardCharsets.UTF_8);
                assertTrue(answered.contains("HeaderDigest=CRC32C") && answered.contains("DataDigest=CRC32C"),
                        answered);
                initiator.digests = DigestOptions.HEADER_AND_DATA;
                byte[] data = new byte[16 * 1024];
                new Random(3).nextBytes(data);
                assertEquals(0, initiator.write10(0, data, initiator.cmdSN++));
                assertArrayEquals(data, initiator.read10(0, 32, initiator.cmdSN++));

                // A WRITE whose immediate data carries a wrong data digest: ErrorRecoveryLevel 0 drops the connection.
                ByteBuf pdu = PduCodec.encode(new ScsiCommand(false, true, false, true, 1, 0, initiator.itt++, 512,
                        initiator.cmdSN++, initiator.expStatSN, TestInitiator.cdb10(0x2a, 0, 1), 0,
                        Unpooled.wrappedBuffer(new byte[512])), ByteBufAllocator.DEFAULT, DigestOptions.HEADER_AND_DATA);
                byte[] bytes = new byte[pdu.readableBytes()];
                pdu.readBytes(bytes);
                pdu.release();
                bytes[bytes.length - 1] ^= 0x5a;
                initiator.sendRaw(bytes);
                assertThrows(IOException.class, initiator::receive);
            }
        }
    }

    @Test
    void aTargetWithOnlyCrc32cRefusesNone() throws Exception {
        try (JietDaemon daemon = start("    HeaderDigest CRC32C\n")) {
            try (TestInitiator initiator = new TestInitiator(daemon.boundPortals().getFirst())) {
                LoginResponse response = initiator.login(0x12L, keys("None"));
                assertTrue(response.data().toString(StandardCharsets.UTF_8).contains("HeaderDigest=Reject"));
            }
        }
    }

    @Test
    void redirectedTargetAnswersMovedTemporarilyWithTheNewAddress() throws Exception {
        try (JietDaemon daemon = start("")) {
            daemon.redirect(TARGET, Optional.of("127.0.0.9:3260"));
            try (TestInitiator initiator = new TestInitiator(daemon.boundPortals().getFirst())) {
                LoginResponse moved = initiator.login(0x13L, keys("None"));
                assertEquals(0x01, moved.statusClass());
                assertEquals(0x01, moved.statusDetail());
                assertEquals("TargetAddress=127.0.0.9:3260\0", moved.data().toString(StandardCharsets.UTF_8));
            }
            daemon.redirect(TARGET, Optional.empty());
            try (TestInitiator initiator = new TestInitiator(daemon.boundPortals().getFirst())) {
                assertEquals(0, initiator.login(0x14L, keys("None")).statusClass());
            }
        }
    }

    @Test
    void plannedShutdownAsksEverySessionToLogOut() throws Exception {
        JietDaemon daemon = start("");
        try (TestInitiator initiator = new TestInitiator(daemon.boundPortals().getFirst())) {
            assertEquals(0, initiator.login(0x15L, keys("None")).statusClass());
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(daemon::close);
            AsyncMessage request = assertInstanceOf(AsyncMessage.class, initiator.receive());
            assertEquals(1, request.asyncEvent(), "target requests logout");
            assertTrue(request.parameter3() > 0, "with a deadline in seconds");
            initiator.send(new LogoutRequest(true, 0, initiator.itt++, 0, initiator.cmdSN, initiator.expStatSN,
                    Unpooled.EMPTY_BUFFER));
            assertEquals(0, assertInstanceOf(LogoutResponse.class, initiator.receive()).response());
            stopping.get(10, TimeUnit.SECONDS);
        }
    }
}
