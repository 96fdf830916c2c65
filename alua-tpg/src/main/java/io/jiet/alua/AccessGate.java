package io.jiet.alua;

import java.util.Optional;

/**
 * Which commands a logical unit serves through a target port in each asymmetric access state, and the NOT READY
 * sense for the others. The lists are SPC-4's ("Target port asymmetric access states" and "Transitioning between
 * target port asymmetric access states" under "Asymmetric logical unit access"; 5.9.2.4.4, 5.9.2.4.5 and 5.9.2.5
 * in spc4r17, the numbering Linux LIO's target_core_alua.c cites):
 * <ul>
 * <li>active/optimized, active/non-optimized: everything.</li>
 * <li>standby: INQUIRY, LOG SELECT, LOG SENSE, MODE SELECT, MODE SENSE, REPORT LUNS, RECEIVE DIAGNOSTIC RESULTS,
 * SEND DIAGNOSTIC, REPORT TARGET PORT GROUPS, SET TARGET PORT GROUPS, REQUEST SENSE, PERSISTENT RESERVE IN/OUT,
 * the echo buffer modes of READ BUFFER and WRITE BUFFER; others 02/04/0B. TEST UNIT READY is not in the list.</li>
 * <li>unavailable: INQUIRY, REPORT LUNS, REPORT TARGET PORT GROUPS, SET TARGET PORT GROUPS, REQUEST SENSE, echo
 * buffer modes; others 02/04/0C.</li>
 * <li>transitioning: INQUIRY, REPORT LUNS, REPORT TARGET PORT GROUPS, REQUEST SENSE, echo buffer modes; others
 * 02/04/0A.</li>
 * <li>offline: INQUIRY, REPORT LUNS, REQUEST SENSE (what a host needs to find and identify the logical unit);
 * others 02/04/12.</li>
 * </ul>
 * {@link #STANDARD} also serves READ CAPACITY (10) and (16) in standby, as LIO does: Linux sd reads the capacity
 * through every path when it scans, and a standby path with capacity 0 is refused by multipathd as a size mismatch.
 * {@link #SPC4} is the list without that. Immutable.
 */
public final class AccessGate {

    /** The SPC-4 lists plus READ CAPACITY in standby; the default of {@link TargetPortGroups}. */
    public static final AccessGate STANDARD = new AccessGate(true);
    /** The SPC-4 lists exactly. */
    public static final AccessGate SPC4 = new AccessGate(false);

    static final int TEST_UNIT_READY = 0x00;
    static final int REQUEST_SENSE = 0x03;
    static final int INQUIRY = 0x12;
    static final int MODE_SELECT_6 = 0x15;
    static final int MODE_SENSE_6 = 0x1A;
    static final int RECEIVE_DIAGNOSTIC_RESULTS = 0x1C;
    static final int SEND_DIAGNOSTIC = 0x1D;
    static final int READ_CAPACITY_10 = 0x25;
    static final int WRITE_BUFFER = 0x3B;
    static final int READ_BUFFER = 0x3C;
    static final int LOG_SELECT = 0x4C;
    static final int LOG_SENSE = 0x4D;
    static final int MODE_SELECT_10 = 0x55;
    static final int MODE_SENSE_10 = 0x5A;
    static final int PERSISTENT_RESERVE_IN = 0x5E;
    static final int PERSISTENT_RESERVE_OUT = 0x5F;
    static final int SERVICE_ACTION_IN_16 = 0x9E;
    static final int READ_CAPACITY_16_SERVICE_ACTION = 0x10;
    static final int REPORT_LUNS = 0xA0;
    static final int MAINTENANCE_IN = 0xA3;
    static final int MAINTENANCE_OUT = 0xA4;
    /** READ BUFFER MODE 0Ah echo buffer, 0Bh echo buffer descriptor; WRITE BUFFER MODE 0Ah echo buffer. */
    static final int ECHO_BUFFER_MODE = 0x0A;
    static final int ECHO_BUFFER_DESCRIPTOR_MODE = 0x0B;

    private final boolean capacityInStandby;

    private AccessGate(boolean capacityInStandby) {
        this.capacityInStandby = capacityInStandby;
    }

    /** Empty when the command may run through a port in {@code state}, else the sense to terminate it with. */
    public Optional<SenseCode> check(AluaState state, byte[] cdb) {
        return allowed(state, cdb) ? Optional.empty() : Optional.of(refusal(state));
    }

    public boolean allowed(AluaState state, byte[] cdb) {
        if (state.isActive()) {
            return true;
        }
        int opcode = cdb[0] & 0xFF;
        if (opcode == INQUIRY || opcode == REPORT_LUNS || opcode == REQUEST_SENSE) {
            return true;
        }
        return switch (state) {
            case TRANSITIONING -> reportTargetPortGroups(cdb) || echoBuffer(cdb);
            case UNAVAILABLE -> reportTargetPortGroups(cdb) || setTargetPortGroups(cdb) || echoBuffer(cdb);
            case STANDBY -> standby(cdb);
            case OFFLINE -> false;
            case ACTIVE_OPTIMIZED, ACTIVE_NONOPTIMIZED -> true;
        };
    }

    /** The NOT READY sense of a state that is not active. */
    public static SenseCode refusal(AluaState state) {
        return switch (state) {
            case TRANSITIONING -> SenseCode.ASYMMETRIC_ACCESS_STATE_TRANSITION;
            case STANDBY -> SenseCode.TARGET_PORT_IN_STANDBY_STATE;
            case UNAVAILABLE -> SenseCode.TARGET_PORT_IN_UNAVAILABLE_STATE;
            case OFFLINE -> SenseCode.LOGICAL_UNIT_NOT_READY_OFFLINE;
            case ACTIVE_OPTIMIZED, ACTIVE_NONOPTIMIZED ->
                    throw new IllegalArgumentException(state + " refuses nothing");
        };
    }

    private boolean standby(byte[] cdb) {
        int opcode = cdb[0] & 0xFF;
        return switch (opcode) {
            case LOG_SELECT, LOG_SENSE, MODE_SELECT_6, MODE_SELECT_10, MODE_SENSE_6, MODE_SENSE_10,
                 RECEIVE_DIAGNOSTIC_RESULTS, SEND_DIAGNOSTIC, PERSISTENT_RESERVE_IN, PERSISTENT_RESERVE_OUT -> true;
            case READ_CAPACITY_10 -> capacityInStandby;
            case SERVICE_ACTION_IN_16 -> capacityInStandby && serviceAction(cdb) == READ_CAPACITY_16_SERVICE_ACTION;
            default -> reportTargetPortGroups(cdb) || setTargetPortGroups(cdb) || echoBuffer(cdb);
        };
    }

    private static int serviceAction(byte[] cdb) {
        return cdb.length > 1 ? cdb[1] & 0x1F : -1;
    }

    private static boolean reportTargetPortGroups(byte[] cdb) {
        return (cdb[0] & 0xFF) == MAINTENANCE_IN && serviceAction(cdb) == ReportTargetPortGroups.SERVICE_ACTION;
    }

    private static boolean setTargetPortGroups(byte[] cdb) {
        return (cdb[0] & 0xFF) == MAINTENANCE_OUT && serviceAction(cdb) == SetTargetPortGroupsParameters.SERVICE_ACTION;
    }

    private static boolean echoBuffer(byte[] cdb) {
        int opcode = cdb[0] & 0xFF;
        int mode = serviceAction(cdb);
        return (opcode == READ_BUFFER && (mode == ECHO_BUFFER_MODE || mode == ECHO_BUFFER_DESCRIPTOR_MODE))
                || (opcode == WRITE_BUFFER && mode == ECHO_BUFFER_MODE);
    }
}
