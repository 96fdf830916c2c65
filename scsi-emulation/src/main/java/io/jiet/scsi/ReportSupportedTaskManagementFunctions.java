package io.jiet.scsi;

/**
 * REPORT SUPPORTED TASK MANAGEMENT FUNCTIONS (SPC-4 §6.36): the iSCSI task management functions of RFC 7143
 * §11.5.1 that map onto SAM-5's: ABORT TASK (ATS), ABORT TASK SET (ATSS), CLEAR TASK SET (CTSS), LOGICAL UNIT
 * RESET (LURS) and TARGET RESET (TRS, iSCSI's TARGET WARM RESET). CLEAR ACA, QUERY TASK and the other query
 * functions are not offered. With REPD the 16-byte extended format is returned (no timeouts reported).
 * Stateless.
 */
public final class ReportSupportedTaskManagementFunctions {

    private static final int ATS = 0x80;
    private static final int ATSS = 0x40;
    private static final int CTSS = 0x10;
    private static final int LURS = 0x08;
    private static final int TRS = 0x02;
    private static final int EXTENDED_LENGTH = 16;

    private ReportSupportedTaskManagementFunctions() {
    }

    public static SupportedCommand command() {
        int sa = OperationCode.REPORT_SUPPORTED_TASK_MANAGEMENT_FUNCTIONS_SERVICE_ACTION;
        return SupportedCommand.ofServiceAction(sa, ReportSupportedTaskManagementFunctions::execute,
                OperationCode.MAINTENANCE_IN, sa, 0x80, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0x00)
                .withAccess(ReservationAccess.UNRESTRICTED);
    }

    /** SPC-4 table 388 (basic, 4 bytes) or 389 (REPD, 16 bytes with ADDITIONAL DATA LENGTH 0Ch). */
    private static ScsiResult execute(ScsiRequest request, Cdb cdb) {
        boolean extended = cdb.bit(2, 7);
        byte[] data = new byte[extended ? EXTENDED_LENGTH : 4];
        data[0] = (byte) (ATS | ATSS | CTSS | LURS | TRS);
        if (extended) {
            data[3] = EXTENDED_LENGTH - 4;
        }
        return ScsiResult.good(data, (int) Math.min(Integer.MAX_VALUE, cdb.u32(6)));
    }
}
