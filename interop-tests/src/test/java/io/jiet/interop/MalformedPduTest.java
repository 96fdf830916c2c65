package io.jiet.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiet.interop.harness.IetdConf;
import io.jiet.interop.harness.JietdProcess;
import io.jiet.interop.harness.SharedJietd;
import io.jiet.interop.initiator.Cdb;
import io.jiet.interop.initiator.InitiatorSession;
import io.jiet.interop.initiator.LoginRequest;
import io.jiet.interop.initiator.PduChannel;
import io.jiet.interop.initiator.ScsiResult;
import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Malformed input on one connection of a live daemon: the target must answer with a Reject PDU (RFC 7143 §11.17)
 * or drop the connection, promptly, and every other session must carry on as if nothing happened.
 */
class MalformedPduTest {
    private static final String IQN = "iqn.2026-11.io.jiet:malformed";
    private static final int TARGET_MAX_RECV_DATA_SEGMENT = 8192;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dir;
    @RegisterExtension
    static final SharedJietd jietd = new SharedJietd();
    private static JietdProcess daemon;

    @BeforeAll
    static void start() {
        String config = IetdConf.create().target(IQN)
                .parameter("MaxRecvDataSegmentLength", Integer.toString(TARGET_MAX_RECV_DATA_SEGMENT))
                .fileioLun(0, IetdConf.sparseImage(dir, "lun0.img", 16L << 20))
                .text();
        daemon = jietd.start(dir, config);
    }

    @ParameterizedTest
    @EnumSource(MalformedInput.Malformation.class)
    void rejectedOrDroppedWhileOtherSessionsCarryOn(MalformedInput.Malformation malformation) throws IOException {
        try (InitiatorSession bystander = login()) {
            assertEquals(ScsiResult.GOOD, bystander.testUnitReady(0).status(), daemon::logTail);
            try (InitiatorSession offender = login()) {
                assertEquals(TARGET_MAX_RECV_DATA_SEGMENT, offender.parameters().targetMaxRecvDataSegmentLength());
                MalformedInput.Reaction reaction = malformation.provoke(offender, daemon::logTail);
                System.out.printf("%s -> %s%n", malformation, reaction);
            }
            stillServes(bystander, "the session that was already open");
        }
        try (InitiatorSession newcomer = login()) {
            stillServes(newcomer, "a session opened afterwards");
        }
        assertTrue(daemon.isAlive(), daemon::logTail);
    }

    /**
     * A port scanner's HTTP request where a Login Request belongs. Read as a BHS its DataSegmentLength is about
     * 3 MB, far over the 8192 bytes allowed during login (RFC 7143 §13.12), so waiting for that data is wrong too.
     */
    @Test
    void bytesThatAreNotALoginRequestAreRejectedOrDropped() throws IOException {
        try (InitiatorSession bystander = login();
             PduChannel stranger = PduChannel.connect(daemon.host(), daemon.port(), MalformedInput.ANSWER_WITHIN)) {
            byte[] http = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: probe\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            try {
                stranger.sendRaw(Arrays.copyOf(http, Math.max(http.length, 64)));
            } catch (SocketException dropWhileSending) {
                // dropped before we finished: acceptable
            }
            MalformedInput.Reaction reaction = MalformedInput.awaitRejectOrDrop(stranger, -1, daemon::logTail);
            System.out.println("HTTP request before login -> " + reaction);
            stillServes(bystander, "the session that was already open");
        }
    }

    private static void stillServes(InitiatorSession session, String which) throws IOException {
        ScsiResult ready = session.testUnitReady(0);
        assertEquals(ScsiResult.GOOD, ready.status(), () -> "TEST UNIT READY on " + which + ": " + ready + "\n"
                + daemon.logTail());
        ScsiResult read = session.read(0, Cdb.read10(0, 8), 8 * 512);
        assertEquals(ScsiResult.GOOD, read.status(), () -> "READ(10) on " + which + ": " + read + "\n" + daemon.logTail());
        assertEquals(8 * 512, read.data().length);
    }

    private static InitiatorSession login() throws IOException {
        return InitiatorSession.login(daemon.host(), daemon.port(), LoginRequest.normal(IQN));
    }
}
