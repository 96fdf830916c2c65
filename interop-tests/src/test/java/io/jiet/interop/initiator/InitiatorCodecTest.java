package io.jiet.interop.initiator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiet.interop.harness.Libiscsi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The test initiator's own wire code, checked against RFC byte layouts and against libiscsi's encoder. */
class InitiatorCodecTest {

    @Test
    void lunFieldUsesPeripheralThenFlatAddressing() {
        assertEquals("0003000000000000", HexFormat.of().formatHex(Lun.encode(3)));
        assertEquals("412c000000000000", HexFormat.of().formatHex(Lun.encode(300)));
        assertEquals("7fff000000000000", HexFormat.of().formatHex(Lun.encode(16383)));
        assertThrows(IllegalArgumentException.class, () -> Lun.encode(16384));
    }

    @Property
    void lunRoundTrips(@ForAll @IntRange(min = 0, max = Lun.MAX_FLAT) int lun) {
        assertEquals(lun, Lun.decode(Lun.encode(lun), 0));
    }

    @Test
    void flatAddressedSmallLunDecodes() {
        // Some targets report every LUN with flat space addressing; 4003h is LUN 3.
        assertEquals(3, Lun.decode(HexFormat.of().parseHex("4003000000000000"), 0));
        assertThrows(TargetProtocolError.class, () -> Lun.decode(HexFormat.of().parseHex("0003000100000000"), 0));
    }

    @Test
    void textParametersAreNulTerminatedPairs() {
        Map<String, String> pairs = new LinkedHashMap<>();
        pairs.put("SendTargets", "All");
        pairs.put("X", "");
        byte[] encoded = TextParameters.encode(pairs);
        assertArrayEquals("SendTargets=All\0X=\0".getBytes(StandardCharsets.US_ASCII), encoded);
        assertEquals(pairs, TextParameters.decode(encoded));
        assertEquals(List.of(Map.entry("TargetName", "a"), Map.entry("TargetName", "b")),
                TextParameters.decodeList("TargetName=a\0TargetName=b\0".getBytes(StandardCharsets.US_ASCII)));
        assertThrows(TargetProtocolError.class, () -> TextParameters.decode("novalue\0".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void bhsCarriesOpcodeImmediateBitAndDataSegmentLength() {
        byte[] header = Bhs.of(Opcode.NOP_OUT, true).flags(0x80).initiatorTaskTag(0x01020304).build(0x0a0b0c);
        assertEquals(48, header.length);
        assertEquals(0x40, header[0] & 0xff);
        assertEquals(0x80, header[1] & 0xff);
        assertEquals("000a0b0c", HexFormat.of().formatHex(header, 4, 8)); // TotalAHSLength 0, then 24-bit length
        assertEquals("01020304", HexFormat.of().formatHex(header, 16, 20));
        assertEquals(0x1e, Bhs.ofRawOpcode(0x1e, false).build(0)[0]);
    }

    @Test
    void framesArePaddedToFourBytesAndReadBack() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<byte[]> raw = CompletableFuture.supplyAsync(() -> {
                try (Socket peer = server.accept()) {
                    return peer.getInputStream().readNBytes(48 + 8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            try (PduChannel channel = PduChannel.connect("127.0.0.1", server.getLocalPort(), Duration.ofSeconds(5))) {
                byte[] data = {1, 2, 3, 4, 5};
                channel.send(Bhs.of(Opcode.NOP_OUT, true).build(data.length), data);
                byte[] wire = raw.get();
                assertEquals(56, wire.length);
                assertEquals("0102030405000000", HexFormat.of().formatHex(wire, 48, 56));
            }
        }
    }

    /** libiscsi's first Login Request, decoded by this package's reader: RFC 7143 §11.12. */
    @Test
    void readsLibiscsisLoginRequest() throws Exception {
        Libiscsi libiscsi = Libiscsi.require(Libiscsi.Tool.ISCSI_LS);
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Pdu login;
        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
            Future<Pdu> first = threads.submit(() -> {
                try (Socket peer = server.accept()) {
                    peer.setSoTimeout(10_000);
                    return PduChannel.readFrom(peer);
                }
            });
            Future<?> client = threads.submit(() -> libiscsi.run(Libiscsi.Tool.ISCSI_LS, Duration.ofSeconds(20),
                    "iscsi://127.0.0.1:" + server.getLocalPort()));
            login = first.get(20, TimeUnit.SECONDS);
            // Unanswered and with nothing listening any more, iscsi-ls gives up (exit 10); only its request matters.
            server.close();
            client.get(30, TimeUnit.SECONDS);
        } finally {
            server.close();
        }
        assertTrue(login.is(Opcode.LOGIN_REQUEST), login::toString);
        assertEquals(0x40, login.header()[0] & 0x40, "Login Requests are immediate");
        Map<String, String> keys = TextParameters.decode(login.data());
        assertEquals("Discovery", keys.get("SessionType"), keys::toString);
        assertTrue(keys.containsKey("InitiatorName"), keys::toString);
        assertEquals(login.data().length, login.dataSegmentLength());
        int csg = (login.flags() >>> 2) & 3;
        assertTrue(csg == LoginPhase.SECURITY || csg == LoginPhase.OPERATIONAL, login::toString);
    }
}
