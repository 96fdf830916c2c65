package io.jiet.pdu;

/** PDUs a target sends (RFC 7143 §11.2.1.2, opcodes 0x20–0x3f). */
public sealed interface TargetPdu extends Pdu
        permits NopIn, ScsiResponse, TaskManagementResponse, LoginResponse, TextResponse, DataIn, LogoutResponse,
                ReadyToTransfer, AsyncMessage, Reject {
}
