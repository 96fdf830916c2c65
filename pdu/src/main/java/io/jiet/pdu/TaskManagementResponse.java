package io.jiet.pdu;

import io.netty.buffer.ByteBuf;

/** Task Management Function Response, RFC 7143 §11.6. */
public record TaskManagementResponse(int response, int initiatorTaskTag, int statSN, int expCmdSN, int maxCmdSN,
                                     ByteBuf data) implements TargetPdu {
    @Override
    public Opcode opcode() {
        return Opcode.TASK_MANAGEMENT_RESPONSE;
    }
}
