package io.jiet.pdu;

import io.netty.buffer.ByteBuf;

/**
 * SCSI Data-In, RFC 7143 §11.7. When {@code statusPresent} is set, {@code status}, the residual flags and
 * {@code statSN} are meaningful (§11.7.3); otherwise they are sent as zero.
 */
public record DataIn(boolean finalFlag, boolean acknowledge, boolean residualOverflow, boolean residualUnderflow,
                     boolean statusPresent, int status, long lun, int initiatorTaskTag, int targetTransferTag,
                     int statSN, int expCmdSN, int maxCmdSN, int dataSN, int bufferOffset, int residualCount,
                     ByteBuf data) implements TargetPdu {
    @Override
    public Opcode opcode() {
        return Opcode.SCSI_DATA_IN;
    }
}
