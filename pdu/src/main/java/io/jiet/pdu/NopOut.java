package io.jiet.pdu;

import io.netty.buffer.ByteBuf;

/** NOP-Out, RFC 7143 §11.18. A {@code targetTransferTag} of 0xffffffff means the initiator starts the ping. */
public record NopOut(boolean immediate, long lun, int initiatorTaskTag, int targetTransferTag, int cmdSN,
                     int expStatSN, ByteBuf data) implements InitiatorPdu {
    @Override
    public Opcode opcode() {
        return Opcode.NOP_OUT;
    }
}
