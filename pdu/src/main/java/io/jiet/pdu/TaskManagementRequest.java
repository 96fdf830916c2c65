package io.jiet.pdu;

import io.netty.buffer.ByteBuf;

/** Task Management Function Request, RFC 7143 §11.5. {@code function} is the 7-bit function code (§11.5.1). */
public record TaskManagementRequest(boolean immediate, int function, long lun, int initiatorTaskTag,
                                    int referencedTaskTag, int cmdSN, int expStatSN, int refCmdSN, int expDataSN,
                                    ByteBuf data) implements InitiatorPdu {
    @Override
    public Opcode opcode() {
        return Opcode.TASK_MANAGEMENT_REQUEST;
    }
}
