package io.jiet.scsi;

/** Operation codes of the commands jiet serves, named as SPC-4 annex D and SBC-3 table 20 name them. */
public final class OperationCode {

    public static final int TEST_UNIT_READY = 0x00;
    public static final int REQUEST_SENSE = 0x03;
    public static final int READ_6 = 0x08;
    public static final int WRITE_6 = 0x0A;
    public static final int INQUIRY = 0x12;
    public static final int MODE_SELECT_6 = 0x15;
    public static final int RESERVE_6 = 0x16;
    public static final int RELEASE_6 = 0x17;
    public static final int MODE_SENSE_6 = 0x1A;
    public static final int START_STOP_UNIT = 0x1B;
    public static final int PREVENT_ALLOW_MEDIUM_REMOVAL = 0x1E;
    public static final int READ_CAPACITY_10 = 0x25;
    public static final int READ_10 = 0x28;
    public static final int WRITE_10 = 0x2A;
    public static final int WRITE_AND_VERIFY_10 = 0x2E;
    public static final int VERIFY_10 = 0x2F;
    public static final int PRE_FETCH_10 = 0x34;
    public static final int SYNCHRONIZE_CACHE_10 = 0x35;
    public static final int READ_DEFECT_DATA_10 = 0x37;
    public static final int WRITE_SAME_10 = 0x41;
    public static final int UNMAP = 0x42;
    public static final int SANITIZE = 0x48;
    public static final int LOG_SENSE = 0x4D;
    public static final int MODE_SELECT_10 = 0x55;
    public static final int RESERVE_10 = 0x56;
    public static final int RELEASE_10 = 0x57;
    public static final int MODE_SENSE_10 = 0x5A;
    public static final int PERSISTENT_RESERVE_IN = 0x5E;
    public static final int PERSISTENT_RESERVE_OUT = 0x5F;
    /** EXTENDED COPY; service action 00h is the LID1 form (SPC-4 §6.4). */
    public static final int EXTENDED_COPY = 0x83;
    public static final int RECEIVE_COPY_RESULTS = 0x84;
    public static final int READ_16 = 0x88;
    public static final int COMPARE_AND_WRITE = 0x89;
    public static final int WRITE_16 = 0x8A;
    public static final int ORWRITE_16 = 0x8B;
    public static final int WRITE_AND_VERIFY_16 = 0x8E;
    public static final int VERIFY_16 = 0x8F;
    public static final int PRE_FETCH_16 = 0x90;
    public static final int SYNCHRONIZE_CACHE_16 = 0x91;
    public static final int WRITE_SAME_16 = 0x93;
    public static final int WRITE_ATOMIC_16 = 0x9C;
    /** SERVICE ACTION IN (16); READ CAPACITY (16) is its service action 10h, GET LBA STATUS 12h. */
    public static final int SERVICE_ACTION_IN_16 = 0x9E;
    public static final int REPORT_LUNS = 0xA0;
    /** MAINTENANCE IN; REPORT SUPPORTED OPERATION CODES is its service action 0Ch. */
    public static final int MAINTENANCE_IN = 0xA3;
    public static final int READ_12 = 0xA8;
    public static final int WRITE_12 = 0xAA;
    public static final int WRITE_AND_VERIFY_12 = 0xAE;
    public static final int VERIFY_12 = 0xAF;
    public static final int READ_DEFECT_DATA_12 = 0xB7;

    public static final int READ_CAPACITY_16_SERVICE_ACTION = 0x10;
    public static final int GET_LBA_STATUS_SERVICE_ACTION = 0x12;
    public static final int REPORT_SUPPORTED_OPERATION_CODES_SERVICE_ACTION = 0x0C;
    public static final int REPORT_SUPPORTED_TASK_MANAGEMENT_FUNCTIONS_SERVICE_ACTION = 0x0D;

    private OperationCode() {
    }
}
