package io.jiet.pdu;

import io.netty.buffer.ByteBuf;

/** NOP-In, RFC 7143 §11.19. */
public record NopIn(long lun, int initiatorTaskTag, int targetTransferTag, int statSN, int expCmdSN, int maxCmdSN,
                    ByteBuf data) implements TargetPdu {
    @Override
    public Opcode opcode() {
        return Opcode.NOP_IN;
    }
}
