package io.jiet.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jiet.interop.harness.IetdConf;
import io.jiet.interop.harness.JietdProcess;
import io.jiet.interop.initiator.Bhs;
import io.jiet.interop.initiator.Cdb;
import io.jiet.interop.initiator.InitiatorSession;
import io.jiet.interop.initiator.LoginRequest;
import io.jiet.interop.initiator.Opcode;
import io.jiet.interop.initiator.Pdu;
import io.jiet.interop.initiator.PduChannel;
import io.jiet.interop.initiator.ScsiResult;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Malformed input on one connection of a live daemon: the target must answer with a Reject PDU (RFC 7143 §11.17)
 * or drop the connection, promptly, and every other session must carry on as if nothing happened.
 */
class MalformedPduTest {
    private static final String IQN = "iqn.2026-11.io.jiet:malformed";
    private static final int TARGET_MAX_RECV_DATA_SEGMENT = 8192;
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);

    @TempDir
    static Path dir;
    private static JietdProcess daemon;

    /** What happened on the connection that received the bad bytes. */
    enum Reaction {
        REJECTED,
        DROPPED
    }

    /** Bad bytes sent on a logged-in connection. */
    enum Malformation {
        /** 1Eh is a vendor-specific initiator opcode (§11.2.1.2) no target is obliged to know. */
        UNKNOWN_OPCODE {
            @Override
            void send(InitiatorSession session) throws IOException {
                byte[] header = Bhs.ofRawOpcode(0x1e, false).flags(0x80).initiatorTaskTag(session.newTaskTag())
                        .u32(24, session.cmdSN()).u32(28, session.expStatSN()).build(0);
                session.channel().send(header, new byte[0]);
            }
        },
        /** 20 bytes of a NOP-Out header, then end of stream. */
        TRUNCATED_HEADER {
            @Override
            void send(InitiatorSession session) throws IOException {
                byte[] header = nopOut(session, 0);
                session.channel().sendRaw(Arrays.copyOf(header, 20));
                session.channel().shutdownOutput();
            }
        },
        /** A NOP-Out whose data segment exceeds the MaxRecvDataSegmentLength the target declared (§13.12). */
        DATA_SEGMENT_OVER_MAX_RECV_DATA_SEGMENT_LENGTH {
            @Override
            void send(InitiatorSession session) throws IOException {
                int length = session.parameters().targetMaxRecvDataSegmentLength() + 4096;
                session.channel().send(nopOut(session, length), new byte[length]);
            }
        },
        /** SCSI Data-Out for a task that does not exist, with a TTT the target never issued (§11.7.4). */
        DATA_OUT_FOR_UNKNOWN_TASK {
            @Override
            void send(InitiatorSession session) throws IOException {
                byte[] header = Bhs.of(Opcode.SCSI_DATA_OUT, false).flags(0x80).lun(0).initiatorTaskTag(0x0bad0bad)
                        .u32(20, 0x12345678).u32(28, session.expStatSN()).u32(36, 0).u32(40, 0).build(512);
                session.channel().send(header, new byte[512]);
            }
        };

        abstract void send(InitiatorSession session) throws IOException;

        private static byte[] nopOut(InitiatorSession session, int dataLength) {
            return Bhs.of(Opcode.NOP_OUT, true).flags(0x80).initiatorTaskTag(session.newTaskTag())
                    .u32(20, InitiatorSession.RESERVED_TAG).u32(24, session.cmdSN()).u32(28, session.expStatSN())
                    .build(dataLength);
        }
    }

    @BeforeAll
    static void start() {
        String config = IetdConf.create().target(IQN)
                .parameter("MaxRecvDataSegmentLength", Integer.toString(TARGET_MAX_RECV_DATA_SEGMENT))
                .fileioLun(0, IetdConf.sparseImage(dir, "lun0.img", 16L << 20))
                .text();
        daemon = JietdProcess.start(dir, config);
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Malformation.class)
    void rejectedOrDroppedWhileOtherSessionsCarryOn(Malformation malformation) throws IOException {
        try (InitiatorSession bystander = login()) {
            assertEquals(ScsiResult.GOOD, bystander.testUnitReady(0).status(), daemon::logTail);
            try (InitiatorSession offender = login()) {
                assertEquals(TARGET_MAX_RECV_DATA_SEGMENT, offender.parameters().targetMaxRecvDataSegmentLength());
                Reaction reaction;
                try {
                    malformation.send(offender);
                    reaction = awaitRejectOrDrop(offender.channel(), header -> rejectsOpcodeOf(header, malformation));
                } catch (SocketException dropWhileSending) {
                    reaction = Reaction.DROPPED;
                }
                System.out.printf("%s -> %s%n", malformation, reaction);
            }
            stillServes(bystander, "the session that was already open");
        }
        try (InitiatorSession newcomer = login()) {
            stillServes(newcomer, "a session opened afterwards");
        }
        assertTrue(daemon.isAlive(), daemon::logTail);
    }

    @Test
    void bytesThatAreNotALoginRequestBeforeLoginAreDropped() throws IOException {
        try (InitiatorSession bystander = login();
             PduChannel stranger = PduChannel.connect(daemon.host(), daemon.port(), ANSWER_WITHIN)) {
            byte[] http = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: probe\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            try {
                stranger.sendRaw(Arrays.copyOf(http, Math.max(http.length, 64)));
            } catch (SocketException dropWhileSending) {
                // dropped before we finished: acceptable
            }
            Reaction reaction = awaitRejectOrDrop(stranger, header -> true);
            System.out.println("HTTP request before login -> " + reaction);
            stillServes(bystander, "the session that was already open");
        }
    }

    /**
     * Waits for a Reject or for the connection to end; anything else (a hang, a normal answer) fails the test.
     * Target NOP-In pings on the way are ignored.
     */
    private static Reaction awaitRejectOrDrop(PduChannel channel, java.util.function.Predicate<byte[]> rejectedHeaderOk)
            throws IOException {
        channel.readTimeout(ANSWER_WITHIN);
        long deadline = System.nanoTime() + ANSWER_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            Pdu pdu;
            try {
                pdu = channel.receive();
            } catch (EOFException | SocketException closed) {
                return Reaction.DROPPED;
            } catch (SocketTimeoutException silent) {
                break;
            }
            if (pdu.is(Opcode.REJECT)) {
                // §11.17.3: the data segment is the complete header of the rejected PDU.
                assertTrue(pdu.data().length >= Bhs.LENGTH, () -> "Reject without the rejected header: " + pdu);
                assertTrue(rejectedHeaderOk.test(pdu.data()), () -> "Reject carries some other header: " + pdu);
                return Reaction.REJECTED;
            }
            if (!(pdu.is(Opcode.NOP_IN) && pdu.initiatorTaskTag() == InitiatorSession.RESERVED_TAG)) {
                fail("answered malformed input as if it were valid: " + pdu + "\n" + daemon.logTail());
            }
        }
        return fail("neither a Reject nor a closed connection within " + ANSWER_WITHIN.toSeconds() + " s\n"
                + daemon.logTail());
    }

    private static boolean rejectsOpcodeOf(byte[] rejectedHeader, Malformation malformation) {
        int opcode = rejectedHeader[0] & 0x3f;
        return switch (malformation) {
            case UNKNOWN_OPCODE -> opcode == 0x1e;
            case DATA_SEGMENT_OVER_MAX_RECV_DATA_SEGMENT_LENGTH -> opcode == Opcode.NOP_OUT.code();
            case DATA_OUT_FOR_UNKNOWN_TASK -> opcode == Opcode.SCSI_DATA_OUT.code();
            case TRUNCATED_HEADER -> true;
        };
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
