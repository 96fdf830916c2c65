package io.jiet.interop;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jiet.interop.initiator.Bhs;
import io.jiet.interop.initiator.InitiatorSession;
import io.jiet.interop.initiator.Opcode;
import io.jiet.interop.initiator.Pdu;
import io.jiet.interop.initiator.PduChannel;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Supplier;

/** Bad bytes for a logged-in connection, and how a target may answer them: Reject (RFC 7143 §11.17) or a drop. */
final class MalformedInput {
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);

    private MalformedInput() {
    }

    /** What happened on the connection that received the bad bytes. */
    enum Reaction {
        REJECTED,
        DROPPED
    }

    enum Malformation {
        /** 1Eh is a vendor-specific initiator opcode (§11.2.1.2) no target is obliged to know. */
        UNKNOWN_OPCODE(0x1e) {
            @Override
            void send(InitiatorSession session) throws IOException {
                byte[] header = Bhs.ofRawOpcode(0x1e, false).flags(0x80).initiatorTaskTag(session.newTaskTag())
                        .u32(24, session.cmdSN()).u32(28, session.expStatSN()).build(0);
                session.channel().send(header, new byte[0]);
            }
        },
        /** 20 bytes of a NOP-Out header, then end of stream. */
        TRUNCATED_HEADER(-1) {
            @Override
            void send(InitiatorSession session) throws IOException {
                session.channel().sendRaw(Arrays.copyOf(nopOut(session, 0), 20));
                session.channel().shutdownOutput();
            }
        },
        /** A NOP-Out whose data segment exceeds the MaxRecvDataSegmentLength the target declared (§13.12). */
        DATA_SEGMENT_OVER_MAX_RECV_DATA_SEGMENT_LENGTH(Opcode.NOP_OUT.code()) {
            @Override
            void send(InitiatorSession session) throws IOException {
                int length = session.parameters().targetMaxRecvDataSegmentLength() + 4096;
                session.channel().send(nopOut(session, length), new byte[length]);
            }
        },
        /** SCSI Data-Out for a task that does not exist, with a TTT the target never issued (§11.7.4). */
        DATA_OUT_FOR_UNKNOWN_TASK(Opcode.SCSI_DATA_OUT.code()) {
            @Override
            void send(InitiatorSession session) throws IOException {
                byte[] header = Bhs.of(Opcode.SCSI_DATA_OUT, false).flags(0x80).lun(0).initiatorTaskTag(0x0bad0bad)
                        .u32(20, 0x12345678).u32(28, session.expStatSN()).u32(36, 0).u32(40, 0).build(512);
                session.channel().send(header, new byte[512]);
            }
        };

        /** The opcode a Reject must quote in its copy of the rejected header; -1 when no header was complete. */
        final int rejectedOpcode;

        Malformation(int rejectedOpcode) {
            this.rejectedOpcode = rejectedOpcode;
        }

        abstract void send(InitiatorSession session) throws IOException;

        /** Sends the bad bytes and waits for the target's reaction; a drop while still sending counts as a drop. */
        Reaction provoke(InitiatorSession session, Supplier<String> context) throws IOException {
            try {
                send(session);
            } catch (SocketException droppedWhileSending) {
                return Reaction.DROPPED;
            }
            return awaitRejectOrDrop(session.channel(), rejectedOpcode, context);
        }

        private static byte[] nopOut(InitiatorSession session, int dataLength) {
            return Bhs.of(Opcode.NOP_OUT, true).flags(0x80).initiatorTaskTag(session.newTaskTag())
                    .u32(20, InitiatorSession.RESERVED_TAG).u32(24, session.cmdSN()).u32(28, session.expStatSN())
                    .build(dataLength);
        }
    }

    /**
     * Waits for a Reject or for the connection to end; a hang or a normal answer fails the test. Target NOP-In
     * pings on the way are ignored.
     *
     * @param rejectedOpcode the opcode the Reject's copy of the header must show, or -1 for any
     */
    static Reaction awaitRejectOrDrop(PduChannel channel, int rejectedOpcode, Supplier<String> context)
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
                assertTrue(rejectedOpcode < 0 || (pdu.data()[0] & 0x3f) == rejectedOpcode,
                        () -> "Reject quotes some other header: " + pdu);
                return Reaction.REJECTED;
            }
            if (!(pdu.is(Opcode.NOP_IN) && pdu.initiatorTaskTag() == InitiatorSession.RESERVED_TAG)) {
                fail("answered malformed input as if it were valid: " + pdu + "\n" + context.get());
            }
        }
        return fail("neither a Reject nor a closed connection within " + ANSWER_WITHIN.toSeconds() + " s\n"
                + context.get());
    }
}
