package io.jiet.pdu;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Arbitrary PDUs of every opcode, each field drawn over its full wire width. Field values come from a list of longs
 * masked to each field's width, so jqwik's edge cases (0, -1, extremes) reach every field and shrinking works.
 */
final class PduArbitraries {

    static final int MAX_DATA = 600;
    private static final int FIELD_COUNT = 20;

    private PduArbitraries() {
    }

    static Arbitrary<Pdu> pdus() {
        Arbitrary<Opcode> opcodes = Arbitraries.of(Opcode.class);
        Arbitrary<List<Long>> fields = Arbitraries.longs().list().ofSize(FIELD_COUNT);
        Arbitrary<byte[]> data = Arbitraries.bytes().array(byte[].class).ofMaxSize(MAX_DATA);
        Arbitrary<byte[]> cdb = Arbitraries.bytes().array(byte[].class).ofMaxSize(ScsiCommand.MAX_CDB_LENGTH);
        return Combinators.combine(opcodes, fields, data, cdb).as(PduArbitraries::build);
    }

    static Pdu build(Opcode opcode, List<Long> values, byte[] dataBytes, byte[] cdb) {
        Fields f = new Fields(values.iterator());
        ByteBuf data = Unpooled.wrappedBuffer(dataBytes);
        return switch (opcode) {
            case NOP_OUT -> new NopOut(f.bool(), f.int64(), f.int32(), f.int32(), f.int32(), f.int32(), data);
            case SCSI_COMMAND -> new ScsiCommand(f.bool(), f.bool(), f.bool(), f.bool(), f.bits(3), f.int64(),
                    f.int32(), f.int32(), f.int32(), f.int32(), cdb, f.bool() ? 0 : f.int32(), data);
            case TASK_MANAGEMENT_REQUEST -> new TaskManagementRequest(f.bool(), f.bits(7), f.int64(), f.int32(),
                    f.int32(), f.int32(), f.int32(), f.int32(), f.int32(), data);
            case LOGIN_REQUEST -> new LoginRequest(f.bool(), f.bool(), f.bits(2), f.bits(2), f.bits(8), f.bits(8),
                    f.bits48(), f.bits(16), f.int32(), f.bits(16), f.int32(), f.int32(), data);
            case TEXT_REQUEST -> new TextRequest(f.bool(), f.bool(), f.bool(), f.int64(), f.int32(), f.int32(),
                    f.int32(), f.int32(), data);
            case SCSI_DATA_OUT -> new DataOut(f.bool(), f.int64(), f.int32(), f.int32(), f.int32(), f.int32(),
                    f.int32(), data);
            case LOGOUT_REQUEST -> new LogoutRequest(f.bool(), f.bits(7), f.int32(), f.bits(16), f.int32(), f.int32(),
                    data);
            case SNACK_REQUEST -> new SnackRequest(f.bits(4), f.int64(), f.int32(), f.int32(), f.int32(), f.int32(),
                    f.int32(), data);
            case NOP_IN -> new NopIn(f.int64(), f.int32(), f.int32(), f.int32(), f.int32(), f.int32(), data);
            case SCSI_RESPONSE -> new ScsiResponse(f.bool(), f.bool(), f.bool(), f.bool(), f.bits(8), f.bits(8),
                    f.int32(), f.int32(), f.int32(), f.int32(), f.int32(), f.int32(), f.int32(), f.int32(), data);
            case TASK_MANAGEMENT_RESPONSE -> new TaskManagementResponse(f.bits(8), f.int32(), f.int32(), f.int32(),
                    f.int32(), data);
            case LOGIN_RESPONSE -> new LoginResponse(f.bool(), f.bool(), f.bits(2), f.bits(2), f.bits(8), f.bits(8),
                    f.bits48(), f.bits(16), f.int32(), f.int32(), f.int32(), f.int32(), f.bits(8), f.bits(8), data);
            case TEXT_RESPONSE -> new TextResponse(f.bool(), f.bool(), f.int64(), f.int32(), f.int32(), f.int32(),
                    f.int32(), f.int32(), data);
            case SCSI_DATA_IN -> {
                // Status, O, U and StatSN exist only with S (RFC 7143 §11.7); without it they are sent as zero.
                boolean s = f.bool();
                yield new DataIn(f.bool(), f.bool(), s && f.bool(), s && f.bool(), s, s ? f.bits(8) : 0, f.int64(),
                        f.int32(), f.int32(), s ? f.int32() : 0, f.int32(), f.int32(), f.int32(), f.int32(),
                        f.int32(), data);
            }
            case LOGOUT_RESPONSE -> new LogoutResponse(f.bits(8), f.int32(), f.int32(), f.int32(), f.int32(),
                    f.bits(16), f.bits(16), data);
            case READY_TO_TRANSFER -> new ReadyToTransfer(f.int64(), f.int32(), f.int32(), f.int32(), f.int32(),
                    f.int32(), f.int32(), f.int32(), f.int32(), Unpooled.EMPTY_BUFFER);
            case ASYNC_MESSAGE -> new AsyncMessage(f.int64(), f.int32(), f.int32(), f.int32(), f.bits(8), f.bits(8),
                    f.bits(16), f.bits(16), f.bits(16), data);
            case REJECT -> new Reject(f.bits(8), f.int32(), f.int32(), f.int32(), f.int32(), data);
        };
    }

    /** What decoding the wire form of {@code pdu} yields: the same PDU, except that a CDB under 16 bytes is padded. */
    static Pdu expectedAfterDecode(Pdu pdu) {
        if (pdu instanceof ScsiCommand c && c.cdb().length < ScsiCommand.BHS_CDB_LENGTH) {
            return new ScsiCommand(c.immediate(), c.finalFlag(), c.read(), c.write(), c.taskAttributes(), c.lun(),
                    c.initiatorTaskTag(), c.expectedDataTransferLength(), c.cmdSN(), c.expStatSN(),
                    Arrays.copyOf(c.cdb(), ScsiCommand.BHS_CDB_LENGTH), c.bidirectionalReadLength(), c.data());
        }
        return pdu;
    }

    private record Fields(Iterator<Long> values) {
        boolean bool() {
            return (values.next() & 1) != 0;
        }

        int int32() {
            return (int) (long) values.next();
        }

        long int64() {
            return values.next();
        }

        int bits(int width) {
            return (int) (values.next() & ((1L << width) - 1));
        }

        long bits48() {
            return values.next() & 0xffff_ffff_ffffL;
        }
    }
}
