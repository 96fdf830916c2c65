package io.jiet.pdu;

import io.netty.buffer.ByteBuf;

/** Asynchronous Message, RFC 7143 §11.9. Its Initiator Task Tag is always 0xffffffff. */
public record AsyncMessage(long lun, int statSN, int expCmdSN, int maxCmdSN, int asyncEvent, int asyncVCode,
                           int parameter1, int parameter2, int parameter3, ByteBuf data) implements TargetPdu {
    @Override
    public Opcode opcode() {
        return Opcode.ASYNC_MESSAGE;
    }

    @Override
    public int initiatorTaskTag() {
        return RESERVED_TAG;
    }
}
