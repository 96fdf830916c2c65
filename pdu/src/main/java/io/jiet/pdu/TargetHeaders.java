package io.jiet.pdu;

import static io.jiet.pdu.InitiatorHeaders.CONTINUE;
import static io.jiet.pdu.PduCodec.FINAL;
import static io.jiet.pdu.PduCodec.flag;
import static io.jiet.pdu.PduCodec.unsigned;

import io.netty.buffer.ByteBuf;

/**
 * BHS layouts of the PDUs a target sends, RFC 7143 §11.4–§11.19. Byte offsets are from the start of the BHS;
 * {@link PduCodec} handles the fields every PDU shares (opcode, TotalAHSLength, DataSegmentLength, Initiator Task
 * Tag).
 */
final class TargetHeaders {

    private static final int BIDI_OVERFLOW = 0x10;
    private static final int BIDI_UNDERFLOW = 0x08;
    private static final int OVERFLOW = 0x04;
    private static final int UNDERFLOW = 0x02;
    private static final int ACKNOWLEDGE = 0x40;
    private static final int STATUS = 0x01;

    private TargetHeaders() {
    }

    static void write(TargetPdu pdu, ByteBuf b, int at) {
        switch (pdu) {
            case NopIn p -> { // §11.19
                b.setByte(at + 1, FINAL);
                b.setLong(at + 8, p.lun());
                b.setInt(at + 20, p.targetTransferTag());
                writeSequenceNumbers(b, at, p.statSN(), p.expCmdSN(), p.maxCmdSN());
            }
            case ScsiResponse p -> { // §11.4: byte 1 is 1|.|.|o|u|O|U|., Response 2, Status 3
                b.setByte(at + 1, FINAL | flag(p.bidiReadOverflow(), BIDI_OVERFLOW)
                        | flag(p.bidiReadUnderflow(), BIDI_UNDERFLOW) | flag(p.residualOverflow(), OVERFLOW)
                        | flag(p.residualUnderflow(), UNDERFLOW));
                b.setByte(at + 2, unsigned(p.response(), 8, "response"));
                b.setByte(at + 3, unsigned(p.status(), 8, "status"));
                b.setInt(at + 20, p.snackTag());
                writeSequenceNumbers(b, at, p.statSN(), p.expCmdSN(), p.maxCmdSN());
                b.setInt(at + 36, p.expDataSN());
                b.setInt(at + 40, p.bidiReadResidualCount());
                b.setInt(at + 44, p.residualCount());
            }
            case TaskManagementResponse p -> { // §11.6: Response 2
                b.setByte(at + 1, FINAL);
                b.setByte(at + 2, unsigned(p.response(), 8, "response"));
                writeSequenceNumbers(b, at, p.statSN(), p.expCmdSN(), p.maxCmdSN());
            }
            case LoginResponse p -> { // §11.13: byte 1 is T|C|.|.|CSG|NSG, Status-Class 36, Status-Detail 37
                b.setByte(at + 1, flag(p.transit(), FINAL) | flag(p.continueFlag(), CONTINUE)
                        | unsigned(p.currentStage(), 2, "currentStage") << 2 | unsigned(p.nextStage(), 2, "nextStage"));
                b.setByte(at + 2, unsigned(p.versionMax(), 8, "versionMax"));
                b.setByte(at + 3, unsigned(p.versionActive(), 8, "versionActive"));
                InitiatorHeaders.writeIsid(p.isid(), b, at);
                b.setShort(at + 14, unsigned(p.tsih(), 16, "tsih"));
                writeSequenceNumbers(b, at, p.statSN(), p.expCmdSN(), p.maxCmdSN());
                b.setByte(at + 36, unsigned(p.statusClass(), 8, "statusClass"));
                b.setByte(at + 37, unsigned(p.statusDetail(), 8, "statusDetail"));
            }
            case TextResponse p -> { // §11.11: byte 1 is F|C
                b.setByte(at + 1, flag(p.finalFlag(), FINAL) | flag(p.continueFlag(), CONTINUE));
                b.setLong(at + 8, p.lun());
                b.setInt(at + 20, p.targetTransferTag());
                writeSequenceNumbers(b, at, p.statSN(), p.expCmdSN(), p.maxCmdSN());
            }
            case DataIn p -> { // §11.7: byte 1 is F|A|.|.|.|O|U|S; Status (3), O, U and StatSN only with S
                boolean s = p.statusPresent();
                b.setByte(at + 1, flag(p.finalFlag(), FINAL) | flag(p.acknowledge(), ACKNOWLEDGE)
                        | flag(s && p.residualOverflow(), OVERFLOW) | flag(s && p.residualUnderflow(), UNDERFLOW)
                        | flag(s, STATUS));
                b.setByte(at + 3, s ? unsigned(p.status(), 8, "status") : 0);
                b.setLong(at + 8, p.lun());
                b.setInt(at + 20, p.targetTransferTag());
                writeSequenceNumbers(b, at, s ? p.statSN() : 0, p.expCmdSN(), p.maxCmdSN());
                b.setInt(at + 36, p.dataSN());
                b.setInt(at + 40, p.bufferOffset());
                b.setInt(at + 44, p.residualCount());
            }
            case LogoutResponse p -> { // §11.15: Response 2, Time2Wait 40–41, Time2Retain 42–43
                b.setByte(at + 1, FINAL);
                b.setByte(at + 2, unsigned(p.response(), 8, "response"));
                writeSequenceNumbers(b, at, p.statSN(), p.expCmdSN(), p.maxCmdSN());
                b.setShort(at + 40, unsigned(p.time2Wait(), 16, "time2Wait"));
                b.setShort(at + 42, unsigned(p.time2Retain(), 16, "time2Retain"));
            }
            case ReadyToTransfer p -> { // §11.8: R2TSN 36, Buffer Offset 40, Desired Data Transfer Length 44
                b.setByte(at + 1, FINAL);
                b.setLong(at + 8, p.lun());
                b.setInt(at + 20, p.targetTransferTag());
                writeSequenceNumbers(b, at, p.statSN(), p.expCmdSN(), p.maxCmdSN());
                b.setInt(at + 36, p.r2tSN());
                b.setInt(at + 40, p.bufferOffset());
                b.setInt(at + 44, p.desiredDataTransferLength());
            }
            case AsyncMessage p -> { // §11.9: AsyncEvent 36, AsyncVCode 37, Parameter1..3 at 38, 40, 42
                b.setByte(at + 1, FINAL);
                b.setLong(at + 8, p.lun());
                writeSequenceNumbers(b, at, p.statSN(), p.expCmdSN(), p.maxCmdSN());
                b.setByte(at + 36, unsigned(p.asyncEvent(), 8, "asyncEvent"));
                b.setByte(at + 37, unsigned(p.asyncVCode(), 8, "asyncVCode"));
                b.setShort(at + 38, unsigned(p.parameter1(), 16, "parameter1"));
                b.setShort(at + 40, unsigned(p.parameter2(), 16, "parameter2"));
                b.setShort(at + 42, unsigned(p.parameter3(), 16, "parameter3"));
            }
            case Reject p -> { // §11.17: Reason 2, DataSN/R2TSN 36
                b.setByte(at + 1, FINAL);
                b.setByte(at + 2, unsigned(p.reason(), 8, "reason"));
                writeSequenceNumbers(b, at, p.statSN(), p.expCmdSN(), p.maxCmdSN());
                b.setInt(at + 36, p.dataSN());
            }
        }
    }

    static TargetPdu read(Opcode opcode, ByteBuf b, int at, ByteBuf data) {
        int flags = b.getUnsignedByte(at + 1);
        boolean finalFlag = (flags & FINAL) != 0;
        long lun = b.getLong(at + 8);
        int itt = b.getInt(at + 16);
        int statSN = b.getInt(at + 24);
        int expCmdSN = b.getInt(at + 28);
        int maxCmdSN = b.getInt(at + 32);
        return switch (opcode) {
            case NOP_IN -> new NopIn(lun, itt, b.getInt(at + 20), statSN, expCmdSN, maxCmdSN, data);
            case SCSI_RESPONSE -> new ScsiResponse((flags & BIDI_OVERFLOW) != 0, (flags & BIDI_UNDERFLOW) != 0,
                    (flags & OVERFLOW) != 0, (flags & UNDERFLOW) != 0, b.getUnsignedByte(at + 2),
                    b.getUnsignedByte(at + 3), itt, b.getInt(at + 20), statSN, expCmdSN, maxCmdSN, b.getInt(at + 36),
                    b.getInt(at + 40), b.getInt(at + 44), data);
            case TASK_MANAGEMENT_RESPONSE -> new TaskManagementResponse(b.getUnsignedByte(at + 2), itt, statSN,
                    expCmdSN, maxCmdSN, data);
            case LOGIN_RESPONSE -> new LoginResponse(finalFlag, (flags & CONTINUE) != 0, flags >> 2 & 0x03,
                    flags & 0x03, b.getUnsignedByte(at + 2), b.getUnsignedByte(at + 3),
                    InitiatorHeaders.readIsid(b, at), b.getUnsignedShort(at + 14), itt, statSN, expCmdSN, maxCmdSN,
                    b.getUnsignedByte(at + 36), b.getUnsignedByte(at + 37), data);
            case TEXT_RESPONSE -> new TextResponse(finalFlag, (flags & CONTINUE) != 0, lun, itt, b.getInt(at + 20),
                    statSN, expCmdSN, maxCmdSN, data);
            case SCSI_DATA_IN -> new DataIn(finalFlag, (flags & ACKNOWLEDGE) != 0, (flags & OVERFLOW) != 0,
                    (flags & UNDERFLOW) != 0, (flags & STATUS) != 0, b.getUnsignedByte(at + 3), lun, itt,
                    b.getInt(at + 20), statSN, expCmdSN, maxCmdSN, b.getInt(at + 36), b.getInt(at + 40),
                    b.getInt(at + 44), data);
            case LOGOUT_RESPONSE -> new LogoutResponse(b.getUnsignedByte(at + 2), itt, statSN, expCmdSN, maxCmdSN,
                    b.getUnsignedShort(at + 40), b.getUnsignedShort(at + 42), data);
            case READY_TO_TRANSFER -> new ReadyToTransfer(lun, itt, b.getInt(at + 20), statSN, expCmdSN, maxCmdSN,
                    b.getInt(at + 36), b.getInt(at + 40), b.getInt(at + 44), data);
            case ASYNC_MESSAGE -> new AsyncMessage(lun, statSN, expCmdSN, maxCmdSN, b.getUnsignedByte(at + 36),
                    b.getUnsignedByte(at + 37), b.getUnsignedShort(at + 38), b.getUnsignedShort(at + 40),
                    b.getUnsignedShort(at + 42), data);
            case REJECT -> new Reject(b.getUnsignedByte(at + 2), statSN, expCmdSN, maxCmdSN, b.getInt(at + 36), data);
            default -> throw new IllegalArgumentException(opcode + " is not a target opcode");
        };
    }

    /** StatSN, ExpCmdSN and MaxCmdSN sit at 24, 28 and 32 in every target PDU that has them. */
    private static void writeSequenceNumbers(ByteBuf b, int at, int statSN, int expCmdSN, int maxCmdSN) {
        b.setInt(at + 24, statSN);
        b.setInt(at + 28, expCmdSN);
        b.setInt(at + 32, maxCmdSN);
    }
}
