package io.jiet.pdu;

import io.netty.buffer.ByteBuf;

/** Ready To Transfer (R2T), RFC 7143 §11.8. Carries no data segment; {@code data} is always empty. */
public record ReadyToTransfer(long lun, int initiatorTaskTag, int targetTransferTag, int statSN, int expCmdSN,
                              int maxCmdSN, int r2tSN, int bufferOffset, int desiredDataTransferLength,
                              ByteBuf data) implements TargetPdu {
    @Override
    public Opcode opcode() {
        return Opcode.READY_TO_TRANSFER;
    }
}
