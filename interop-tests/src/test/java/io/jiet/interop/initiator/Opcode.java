package io.jiet.interop.initiator;

import java.util.Arrays;
import java.util.Optional;

/** iSCSI opcodes, RFC 7143 §11.2.1.2 (the low six bits of BHS byte 0). */
public enum Opcode {
    NOP_OUT(0x00),
    SCSI_COMMAND(0x01),
    TASK_MANAGEMENT_REQUEST(0x02),
    LOGIN_REQUEST(0x03),
    TEXT_REQUEST(0x04),
    SCSI_DATA_OUT(0x05),
    LOGOUT_REQUEST(0x06),
    SNACK_REQUEST(0x10),
    NOP_IN(0x20),
    SCSI_RESPONSE(0x21),
    TASK_MANAGEMENT_RESPONSE(0x22),
    LOGIN_RESPONSE(0x23),
    TEXT_RESPONSE(0x24),
    SCSI_DATA_IN(0x25),
    LOGOUT_RESPONSE(0x26),
    READY_TO_TRANSFER(0x31),
    ASYNCHRONOUS_MESSAGE(0x32),
    REJECT(0x3f);

    private final int code;

    Opcode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<Opcode> of(int code) {
        return Arrays.stream(values()).filter(o -> o.code == code).findFirst();
    }

    /** For messages: the name, or the hex code of an opcode this enum does not know. */
    public static String describe(int code) {
        return of(code).map(Enum::name).orElse(String.format("opcode 0x%02x", code));
    }
}
