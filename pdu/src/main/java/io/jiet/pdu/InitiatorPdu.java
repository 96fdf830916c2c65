package io.jiet.pdu;

/** PDUs an initiator sends (RFC 7143 §11.2.1.2, opcodes 0x00–0x1f). */
public sealed interface InitiatorPdu extends Pdu
        permits NopOut, ScsiCommand, TaskManagementRequest, LoginRequest, TextRequest, DataOut, LogoutRequest,
                SnackRequest {

    /** Whether the I bit (immediate delivery) is set; false for PDUs that have no I bit. */
    default boolean immediate() {
        return false;
    }
}
