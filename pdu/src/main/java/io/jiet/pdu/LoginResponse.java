package io.jiet.pdu;

import io.netty.buffer.ByteBuf;

/** Login Response, RFC 7143 §11.13. */
public record LoginResponse(boolean transit, boolean continueFlag, int currentStage, int nextStage, int versionMax,
                            int versionActive, long isid, int tsih, int initiatorTaskTag, int statSN, int expCmdSN,
                            int maxCmdSN, int statusClass, int statusDetail, ByteBuf data) implements TargetPdu {
    @Override
    public Opcode opcode() {
        return Opcode.LOGIN_RESPONSE;
    }
}
