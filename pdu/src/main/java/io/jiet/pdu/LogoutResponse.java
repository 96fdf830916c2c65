package io.jiet.pdu;

import io.netty.buffer.ByteBuf;

/** Logout Response, RFC 7143 §11.15. */
public record LogoutResponse(int response, int initiatorTaskTag, int statSN, int expCmdSN, int maxCmdSN,
                             int time2Wait, int time2Retain, ByteBuf data) implements TargetPdu {
    @Override
    public Opcode opcode() {
        return Opcode.LOGOUT_RESPONSE;
    }
}
