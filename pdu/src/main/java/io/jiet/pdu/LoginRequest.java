package io.jiet.pdu;

import io.netty.buffer.ByteBuf;

/**
 * Login Request, RFC 7143 §11.12. {@code isid} holds the 6-byte ISID in its low 48 bits, {@code tsih} the 16-bit
 * TSIH. Login requests are always immediate (the I bit is set on the wire).
 */
public record LoginRequest(boolean transit, boolean continueFlag, int currentStage, int nextStage, int versionMax,
                           int versionMin, long isid, int tsih, int initiatorTaskTag, int cid, int cmdSN,
                           int expStatSN, ByteBuf data) implements InitiatorPdu {
    @Override
    public Opcode opcode() {
        return Opcode.LOGIN_REQUEST;
    }

    @Override
    public boolean immediate() {
        return true;
    }
}
