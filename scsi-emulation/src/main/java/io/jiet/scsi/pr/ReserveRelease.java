package io.jiet.scsi.pr;

import io.jiet.scsi.Cdb;
import io.jiet.scsi.CheckCondition;
import io.jiet.scsi.OperationCode;
import io.jiet.scsi.ReservationAccess;
import io.jiet.scsi.ScsiRequest;
import io.jiet.scsi.ScsiResult;
import io.jiet.scsi.Sense;
import io.jiet.scsi.SupportedCommand;
import java.util.List;

/**
 * RESERVE(6)/(10) and RELEASE(6)/(10), the SPC-2 reservations (SPC-2 §7.21-§7.24; obsolete in SPC-4 but still
 * sent by older cluster software). Only logical unit reservations exist: third-party reservations (3RDPTY) and
 * extents are refused. Conflict rules live in {@link Reservations}. Immutable.
 */
public final class ReserveRelease {

    private final Reservations reservations;

    public ReserveRelease(Reservations reservations) {
        this.reservations = reservations;
    }

    public List<SupportedCommand> commands() {
        return List.of(
                SupportedCommand.of(this::reserve, OperationCode.RESERVE_6, 0, 0, 0, 0, 0x00)
                        .withAccess(ReservationAccess.UNRESTRICTED),
                SupportedCommand.of(this::release, OperationCode.RELEASE_6, 0, 0, 0, 0, 0x00)
                        .withAccess(ReservationAccess.UNRESTRICTED),
                SupportedCommand.of(this::reserve, OperationCode.RESERVE_10, 0, 0, 0, 0, 0, 0, 0, 0, 0x00)
                        .withAccess(ReservationAccess.UNRESTRICTED),
                SupportedCommand.of(this::release, OperationCode.RELEASE_10, 0, 0, 0, 0, 0, 0, 0, 0, 0x00)
                        .withAccess(ReservationAccess.UNRESTRICTED));
    }

    private ScsiResult reserve(ScsiRequest request, Cdb cdb) throws CheckCondition {
        checkLogicalUnitOnly(cdb);
        try {
            reservations.reserveUnit(request.nexus());
            return ScsiResult.good();
        } catch (ReservationConflict e) {
            return ScsiResult.reservationConflict();
        }
    }

    private ScsiResult release(ScsiRequest request, Cdb cdb) throws CheckCondition {
        checkLogicalUnitOnly(cdb);
        try {
            reservations.releaseUnit(request.nexus());
            return ScsiResult.good();
        } catch (ReservationConflict e) {
            return ScsiResult.reservationConflict();
        }
    }

    /** (6): byte 1 bit 0 is the obsolete EXTENT; (10): bit 4 is 3RDPTY (SPC-2 tables 115 and 117). */
    private static void checkLogicalUnitOnly(Cdb cdb) throws CheckCondition {
        boolean ten = cdb.operationCode() == OperationCode.RESERVE_10 || cdb.operationCode() == OperationCode.RELEASE_10;
        if (ten && cdb.bit(1, 4)) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(1, 4));
        }
        if (!ten && cdb.bit(1, 0)) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(1, 0));
        }
    }
}
