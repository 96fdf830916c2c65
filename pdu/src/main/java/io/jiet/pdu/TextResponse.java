package io.jiet.pdu;

import io.netty.buffer.ByteBuf;

/** Text Response, RFC 7143 §11.11. */
public record TextResponse(boolean finalFlag, boolean continueFlag, long lun, int initiatorTaskTag,
                           int targetTransferTag, int statSN, int expCmdSN, int maxCmdSN, ByteBuf data)
        implements TargetPdu {
    @Override
    public Opcode opcode() {
        return Opcode.TEXT_RESPONSE;
    }
}
