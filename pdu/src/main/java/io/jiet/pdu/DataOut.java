package io.jiet.pdu;

import io.netty.buffer.ByteBuf;

/** SCSI Data-Out, RFC 7143 §11.7. */
public record DataOut(boolean finalFlag, long lun, int initiatorTaskTag, int targetTransferTag, int expStatSN,
                      int dataSN, int bufferOffset, ByteBuf data) implements InitiatorPdu {
    @Override
    public Opcode opcode() {
        return Opcode.SCSI_DATA_OUT;
    }
}
