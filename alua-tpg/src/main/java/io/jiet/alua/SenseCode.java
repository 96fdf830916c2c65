package io.jiet.alua;

/**
 * A sense key with its additional sense code and qualifier, as this module decides them; scsi-emulation maps it to
 * its own sense type. Codes and names are SPC-4's (table "Sense key descriptions", annex D "ASC and ASCQ
 * assignments").
 */
public record SenseCode(int senseKey, int asc, int ascq) {

    public static final int NOT_READY_KEY = 0x2;
    public static final int ILLEGAL_REQUEST_KEY = 0x5;
    public static final int UNIT_ATTENTION_KEY = 0x6;

    /** 02/04/0A LOGICAL UNIT NOT ACCESSIBLE, ASYMMETRIC ACCESS STATE TRANSITION. */
    public static final SenseCode ASYMMETRIC_ACCESS_STATE_TRANSITION = new SenseCode(NOT_READY_KEY, 0x04, 0x0A);
    /** 02/04/0B LOGICAL UNIT NOT ACCESSIBLE, TARGET PORT IN STANDBY STATE. */
    public static final SenseCode TARGET_PORT_IN_STANDBY_STATE = new SenseCode(NOT_READY_KEY, 0x04, 0x0B);
    /** 02/04/0C LOGICAL UNIT NOT ACCESSIBLE, TARGET PORT IN UNAVAILABLE STATE. */
    public static final SenseCode TARGET_PORT_IN_UNAVAILABLE_STATE = new SenseCode(NOT_READY_KEY, 0x04, 0x0C);
    /** 02/04/12 LOGICAL UNIT NOT READY, OFFLINE. */
    public static final SenseCode LOGICAL_UNIT_NOT_READY_OFFLINE = new SenseCode(NOT_READY_KEY, 0x04, 0x12);
    /** 05/1A/00 PARAMETER LIST LENGTH ERROR. */
    public static final SenseCode PARAMETER_LIST_LENGTH_ERROR = new SenseCode(ILLEGAL_REQUEST_KEY, 0x1A, 0x00);
    /** 05/20/00 INVALID COMMAND OPERATION CODE. */
    public static final SenseCode INVALID_COMMAND_OPERATION_CODE = new SenseCode(ILLEGAL_REQUEST_KEY, 0x20, 0x00);
    /** 05/24/00 INVALID FIELD IN CDB. */
    public static final SenseCode INVALID_FIELD_IN_CDB = new SenseCode(ILLEGAL_REQUEST_KEY, 0x24, 0x00);
    /** 05/26/00 INVALID FIELD IN PARAMETER LIST. */
    public static final SenseCode INVALID_FIELD_IN_PARAMETER_LIST = new SenseCode(ILLEGAL_REQUEST_KEY, 0x26, 0x00);
    /** 06/2A/06 ASYMMETRIC ACCESS STATE CHANGED, the unit attention raised after every state change. */
    public static final SenseCode ASYMMETRIC_ACCESS_STATE_CHANGED = new SenseCode(UNIT_ATTENTION_KEY, 0x2A, 0x06);
    /**
     * 05/94/01, vendor specific (LSI/Engenio RDAC): the command was sent to the controller that does not own the
     * volume. Linux {@code scsi_dh_rdac} (rdac_check_sense) marks the path passive on it.
     */
    public static final SenseCode RDAC_NOT_OWNER = new SenseCode(ILLEGAL_REQUEST_KEY, 0x94, 0x01);

    public SenseCode {
        if (senseKey < 0 || senseKey > 0xF || asc < 0 || asc > 0xFF || ascq < 0 || ascq > 0xFF) {
            throw new IllegalArgumentException("sense out of range: " + senseKey + "/" + asc + "/" + ascq);
        }
    }

    @Override
    public String toString() {
        return String.format("%02X/%02X/%02X", senseKey, asc, ascq);
    }
}
