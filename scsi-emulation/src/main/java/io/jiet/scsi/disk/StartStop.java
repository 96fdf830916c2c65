package io.jiet.scsi.disk;

import io.jiet.scsi.Cdb;
import io.jiet.scsi.CheckCondition;
import io.jiet.scsi.OperationCode;
import io.jiet.scsi.ReservationAccess;
import io.jiet.scsi.ScsiRequest;
import io.jiet.scsi.ScsiResult;
import io.jiet.scsi.Sense;
import io.jiet.scsi.SupportedCommand;
import java.util.List;
import java.util.Set;

/**
 * START STOP UNIT (SBC-3 §5.25) and PREVENT ALLOW MEDIUM REMOVAL (SBC-3 §5.5) for a non-removable medium
 * (RMB 0). The logical unit may be shared by several hosts, so one host's STOP must not take it away from the
 * others (as IET did, the unit stays ready); a stop first flushes the write cache unless NO_FLUSH, so a host that
 * stops the unit before power-off has its data on disk. Power conditions are accepted and have no effect; LOEJ is
 * refused, there is nothing to eject. PREVENT is remembered by no one: the medium cannot be removed anyway.
 * Immutable.
 */
final class StartStop {

    /** POWER CONDITION values SBC-3 table 89 defines: START_VALID, ACTIVE, IDLE, STANDBY, LU_CONTROL, FORCE_*. */
    private static final Set<Integer> POWER_CONDITIONS = Set.of(0x0, 0x1, 0x2, 0x3, 0x7, 0xA, 0xB);
    private static final int START_VALID = 0x0;

    private final Medium medium;

    StartStop(Medium medium) {
        this.medium = medium;
    }

    List<SupportedCommand> commands() {
        return List.of(
                SupportedCommand.of(this::startStopUnit, OperationCode.START_STOP_UNIT, 0x01, 0, 0x0F, 0xF7, 0x00)
                        // SBC-3 table 13: START 1 with POWER CONDITION 0 is allowed under any reservation.
                        .withAccess(cdb -> cdb.field(4, 0xF0) == START_VALID && cdb.bit(4, 0)
                                ? ReservationAccess.UNRESTRICTED : ReservationAccess.WRITE),
                SupportedCommand.of(StartStop::preventAllow, OperationCode.PREVENT_ALLOW_MEDIUM_REMOVAL,
                        0, 0, 0, 0x03, 0x00)
                        // SPC-4 table 60: PREVENT 0 (allow) is never a conflict.
                        .withAccess(cdb -> cdb.field(4, 0x03) == 0
                                ? ReservationAccess.UNRESTRICTED : ReservationAccess.WRITE));
    }

    private ScsiResult startStopUnit(ScsiRequest request, Cdb cdb) throws CheckCondition {
        int powerCondition = cdb.field(4, 0xF0);
        if (!POWER_CONDITIONS.contains(powerCondition)) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(4, 7));
        }
        if (cdb.bit(4, 1)) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(4, 1));
        }
        boolean stop = powerCondition == START_VALID && !cdb.bit(4, 0);
        if (stop && !cdb.bit(4, 2)) {
            medium.flush();
        }
        return ScsiResult.good();
    }

    /** SBC-3 table 27: PREVENT 00b allows, 01b prevents; 10b and 11b are obsolete. */
    private static ScsiResult preventAllow(ScsiRequest request, Cdb cdb) throws CheckCondition {
        if (cdb.field(4, 0x03) > 1) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(4, 1));
        }
        return ScsiResult.good();
    }
}
