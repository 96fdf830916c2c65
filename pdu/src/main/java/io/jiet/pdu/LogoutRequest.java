package io.jiet.pdu;

import io.netty.buffer.ByteBuf;

/** Logout Request, RFC 7143 §11.14. {@code reasonCode}: 0 close session, 1 close connection, 2 remove for recovery. */
public record LogoutRequest(boolean immediate, int reasonCode, int initiatorTaskTag, int cid, int cmdSN,
                            int expStatSN, ByteBuf data) implements InitiatorPdu {
    @Override
    public Opcode opcode() {
        return Opcode.LOGOUT_REQUEST;
    }
}
