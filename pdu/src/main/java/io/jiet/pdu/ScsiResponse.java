package io.jiet.pdu;

import io.netty.buffer.ByteBuf;

/**
 * SCSI Response, RFC 7143 §11.4. The data segment carries SenseLength (2 bytes) + sense data + response data
 * (§11.4.7); use {@link SenseSegment} to build or read it.
 */
public record ScsiResponse(boolean bidiReadOverflow, boolean bidiReadUnderflow, boolean residualOverflow,
                           boolean residualUnderflow, int response, int status, int initiatorTaskTag, int snackTag,
                           int statSN, int expCmdSN, int maxCmdSN, int expDataSN, int bidiReadResidualCount,
                           int residualCount, ByteBuf data) implements TargetPdu {
    @Override
    public Opcode opcode() {
        return Opcode.SCSI_RESPONSE;
    }
}
