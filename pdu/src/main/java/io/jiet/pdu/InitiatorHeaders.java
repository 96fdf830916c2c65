package io.jiet.pdu;

import static io.jiet.pdu.PduCodec.FINAL;
import static io.jiet.pdu.PduCodec.IMMEDIATE;
import static io.jiet.pdu.PduCodec.flag;
import static io.jiet.pdu.PduCodec.unsigned;

import io.netty.buffer.ByteBuf;

/**
 * BHS layouts of the PDUs an initiator sends, RFC 7143 §11.3–§11.16. Byte offsets are from the start of the BHS;
 * {@link PduCodec} handles the fields every PDU shares (opcode and I bit in byte 0, TotalAHSLength in byte 4,
 * DataSegmentLength in bytes 5–7, Initiator Task Tag in bytes 16–19).
 */
final class InitiatorHeaders {

    /** Text and Login C (continue) bit, byte 1 (§11.10.2, §11.12.2). */
    static final int CONTINUE = 0x40;
    private static final int SCSI_READ = 0x40;
    private static final int SCSI_WRITE = 0x20;

    private InitiatorHeaders() {
    }

    static void write(InitiatorPdu pdu, ByteBuf b, int at) {
        switch (pdu) {
            case NopOut p -> { // §11.18
                b.setByte(at + 1, FINAL);
                b.setLong(at + 8, p.lun());
                b.setInt(at + 20, p.targetTransferTag());
                b.setInt(at + 24, p.cmdSN());
                b.setInt(at + 28, p.expStatSN());
            }
            case ScsiCommand p -> { // §11.3: byte 1 is F|R|W|.|.|ATTR
                byte[] cdb = p.cdb();
                if (cdb.length > ScsiCommand.MAX_CDB_LENGTH) {
                    throw new IllegalArgumentException("CDB of " + cdb.length + " bytes exceeds 260");
                }
                b.setByte(at + 1, flag(p.finalFlag(), FINAL) | flag(p.read(), SCSI_READ)
                        | flag(p.write(), SCSI_WRITE) | unsigned(p.taskAttributes(), 3, "taskAttributes"));
                b.setLong(at + 8, p.lun());
                b.setInt(at + 20, p.expectedDataTransferLength());
                b.setInt(at + 24, p.cmdSN());
                b.setInt(at + 28, p.expStatSN());
                b.setBytes(at + 32, cdb, 0, Math.min(cdb.length, ScsiCommand.BHS_CDB_LENGTH));
            }
            case TaskManagementRequest p -> { // §11.5: byte 1 is 1|Function
                b.setByte(at + 1, FINAL | unsigned(p.function(), 7, "function"));
                b.setLong(at + 8, p.lun());
                b.setInt(at + 20, p.referencedTaskTag());
                b.setInt(at + 24, p.cmdSN());
                b.setInt(at + 28, p.expStatSN());
                b.setInt(at + 32, p.refCmdSN());
                b.setInt(at + 36, p.expDataSN());
            }
            case LoginRequest p -> { // §11.12: byte 1 is T|C|.|.|CSG|NSG, ISID 8–13, TSIH 14–15, CID 20–21
                b.setByte(at + 1, flag(p.transit(), FINAL) | flag(p.continueFlag(), CONTINUE)
                        | unsigned(p.currentStage(), 2, "currentStage") << 2 | unsigned(p.nextStage(), 2, "nextStage"));
                b.setByte(at + 2, unsigned(p.versionMax(), 8, "versionMax"));
                b.setByte(at + 3, unsigned(p.versionMin(), 8, "versionMin"));
                writeIsid(p.isid(), b, at);
                b.setShort(at + 14, unsigned(p.tsih(), 16, "tsih"));
                b.setShort(at + 20, unsigned(p.cid(), 16, "cid"));
                b.setInt(at + 24, p.cmdSN());
                b.setInt(at + 28, p.expStatSN());
            }
            case TextRequest p -> { // §11.10: byte 1 is F|C
                b.setByte(at + 1, flag(p.finalFlag(), FINAL) | flag(p.continueFlag(), CONTINUE));
                b.setLong(at + 8, p.lun());
                b.setInt(at + 20, p.targetTransferTag());
                b.setInt(at + 24, p.cmdSN());
                b.setInt(at + 28, p.expStatSN());
            }
            case DataOut p -> { // §11.7: ExpStatSN 28, DataSN 36, Buffer Offset 40
                b.setByte(at + 1, flag(p.finalFlag(), FINAL));
                b.setLong(at + 8, p.lun());
                b.setInt(at + 20, p.targetTransferTag());
                b.setInt(at + 28, p.expStatSN());
                b.setInt(at + 36, p.dataSN());
                b.setInt(at + 40, p.bufferOffset());
            }
            case LogoutRequest p -> { // §11.14: byte 1 is 1|Reason Code, CID 20–21
                b.setByte(at + 1, FINAL | unsigned(p.reasonCode(), 7, "reasonCode"));
                b.setShort(at + 20, unsigned(p.cid(), 16, "cid"));
                b.setInt(at + 24, p.cmdSN());
                b.setInt(at + 28, p.expStatSN());
            }
            case SnackRequest p -> { // §11.16: byte 1 is 1|.|.|.|Type, BegRun 40, RunLength 44
                b.setByte(at + 1, FINAL | unsigned(p.type(), 4, "type"));
                b.setLong(at + 8, p.lun());
                b.setInt(at + 20, p.targetTransferTag());
                b.setInt(at + 28, p.expStatSN());
                b.setInt(at + 40, p.begRun());
                b.setInt(at + 44, p.runLength());
            }
        }
    }

    static InitiatorPdu read(Opcode opcode, ByteBuf b, int at, AdditionalHeaderSegments.Parsed ahs, ByteBuf data) {
        boolean immediate = (b.getByte(at) & IMMEDIATE) != 0;
        int flags = b.getUnsignedByte(at + 1);
        boolean finalFlag = (flags & FINAL) != 0;
        long lun = b.getLong(at + 8);
        int itt = b.getInt(at + 16);
        return switch (opcode) {
            case NOP_OUT -> new NopOut(immediate, lun, itt, b.getInt(at + 20), b.getInt(at + 24), b.getInt(at + 28),
                    data);
            case SCSI_COMMAND -> {
                byte[] spill = ahs.extendedCdb();
                byte[] cdb = new byte[ScsiCommand.BHS_CDB_LENGTH + spill.length];
                b.getBytes(at + 32, cdb, 0, ScsiCommand.BHS_CDB_LENGTH);
                System.arraycopy(spill, 0, cdb, ScsiCommand.BHS_CDB_LENGTH, spill.length);
                yield new ScsiCommand(immediate, finalFlag, (flags & SCSI_READ) != 0, (flags & SCSI_WRITE) != 0,
                        flags & 0x07, lun, itt, b.getInt(at + 20), b.getInt(at + 24), b.getInt(at + 28), cdb,
                        ahs.bidirectionalReadLength(), data);
            }
            case TASK_MANAGEMENT_REQUEST -> new TaskManagementRequest(immediate, flags & 0x7f, lun, itt,
                    b.getInt(at + 20), b.getInt(at + 24), b.getInt(at + 28), b.getInt(at + 32), b.getInt(at + 36),
                    data);
            case LOGIN_REQUEST -> new LoginRequest(finalFlag, (flags & CONTINUE) != 0, flags >> 2 & 0x03,
                    flags & 0x03, b.getUnsignedByte(at + 2), b.getUnsignedByte(at + 3), readIsid(b, at),
                    b.getUnsignedShort(at + 14), itt, b.getUnsignedShort(at + 20), b.getInt(at + 24),
                    b.getInt(at + 28), data);
            case TEXT_REQUEST -> new TextRequest(immediate, finalFlag, (flags & CONTINUE) != 0, lun, itt,
                    b.getInt(at + 20), b.getInt(at + 24), b.getInt(at + 28), data);
            case SCSI_DATA_OUT -> new DataOut(finalFlag, lun, itt, b.getInt(at + 20), b.getInt(at + 28),
                    b.getInt(at + 36), b.getInt(at + 40), data);
            case LOGOUT_REQUEST -> new LogoutRequest(immediate, flags & 0x7f, itt, b.getUnsignedShort(at + 20),
                    b.getInt(at + 24), b.getInt(at + 28), data);
            case SNACK_REQUEST -> new SnackRequest(flags & 0x0f, lun, itt, b.getInt(at + 20), b.getInt(at + 28),
                    b.getInt(at + 40), b.getInt(at + 44), data);
            default -> throw new IllegalArgumentException(opcode + " is not an initiator opcode");
        };
    }

    /** The ISID is 6 bytes at 8–13 (§11.12.5), kept in the low 48 bits of a long. */
    static void writeIsid(long isid, ByteBuf b, int at) {
        if (isid >>> 48 != 0) {
            throw new IllegalArgumentException("isid 0x" + Long.toHexString(isid) + " does not fit in 48 bits");
        }
        b.setShort(at + 8, (int) (isid >>> 32));
        b.setInt(at + 10, (int) isid);
    }

    static long readIsid(ByteBuf b, int at) {
        return (long) b.getUnsignedShort(at + 8) << 32 | b.getUnsignedInt(at + 10);
    }
}
