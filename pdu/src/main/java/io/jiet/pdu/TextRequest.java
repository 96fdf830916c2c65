package io.jiet.pdu;

import io.netty.buffer.ByteBuf;

/** Text Request, RFC 7143 §11.10. */
public record TextRequest(boolean immediate, boolean finalFlag, boolean continueFlag, long lun,
                          int initiatorTaskTag, int targetTransferTag, int cmdSN, int expStatSN, ByteBuf data)
        implements InitiatorPdu {
    @Override
    public Opcode opcode() {
        return Opcode.TEXT_REQUEST;
    }
}
