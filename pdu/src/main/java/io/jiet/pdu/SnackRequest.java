package io.jiet.pdu;

import io.netty.buffer.ByteBuf;

/** SNACK Request, RFC 7143 §11.16. {@code type} is the 4-bit SNACK type. */
public record SnackRequest(int type, long lun, int initiatorTaskTag, int targetTransferTag, int expStatSN,
                           int begRun, int runLength, ByteBuf data) implements InitiatorPdu {
    @Override
    public Opcode opcode() {
        return Opcode.SNACK_REQUEST;
    }
}
