package io.jiet.scsi.disk;

import io.jiet.scsi.Cdb;
import io.jiet.scsi.ItNexus;
import io.jiet.scsi.OperationCode;
import io.jiet.scsi.ReservationAccess;
import io.jiet.scsi.ScsiRequest;
import io.jiet.scsi.ScsiResult;
import io.jiet.scsi.Sense;
import io.jiet.scsi.SupportedCommand;
import java.util.List;
import java.util.function.Function;

/**
 * TEST UNIT READY (SPC-4 §6.47), REQUEST SENSE (SPC-4 §6.39) and READ DEFECT DATA (10)/(12) (SBC-3 §5.17, §5.18).
 * The unit is ready unless a sanitize runs (the logical unit's gates answer that before these handlers). REQUEST
 * SENSE returns what the logical unit says is pending for the I_T nexus (a unit attention, sanitize progress,
 * else NO SENSE: with autosense nothing else is ever left pending). A virtual disk has no defects: READ DEFECT DATA
 * returns empty, valid lists in the format asked for. Immutable.
 */
final class Maintenance {

    private final Function<ItNexus, Sense> pendingSense;

    /** @param pendingSense the sense REQUEST SENSE reports for a nexus; reporting a unit attention clears it */
    Maintenance(Function<ItNexus, Sense> pendingSense) {
        this.pendingSense = pendingSense;
    }

    List<SupportedCommand> commands() {
        return List.of(
                SupportedCommand.of((request, cdb) -> ScsiResult.good(),
                        OperationCode.TEST_UNIT_READY, 0, 0, 0, 0, 0x00).withAccess(ReservationAccess.READ),
                SupportedCommand.of(this::requestSense,
                        OperationCode.REQUEST_SENSE, 0x01, 0, 0, 0xFF, 0x00)
                        .withAccess(ReservationAccess.UNRESTRICTED),
                SupportedCommand.of(Maintenance::readDefectData10, OperationCode.READ_DEFECT_DATA_10,
                        0, 0x1F, 0, 0, 0, 0, 0xFF, 0xFF, 0x00).withAccess(ReservationAccess.READ),
                SupportedCommand.of(Maintenance::readDefectData12, OperationCode.READ_DEFECT_DATA_12,
                        0x1F, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0x00).withAccess(ReservationAccess.READ));
    }

    /** DESC (byte 1 bit 0) selects descriptor-format sense data (SPC-4 §6.39). */
    private ScsiResult requestSense(ScsiRequest request, Cdb cdb) {
        Sense sense = pendingSense.apply(request.nexus());
        return ScsiResult.good(sense.encode(cdb.bit(1, 0)), cdb.u8(4));
    }

    /** SBC-3 table 74: PLISTV and GLISTV as requested, the requested DEFECT LIST FORMAT, DEFECT LIST LENGTH 0. */
    private static ScsiResult readDefectData10(ScsiRequest request, Cdb cdb) {
        byte[] header = {0, (byte) (cdb.u8(2) & 0x1F), 0, 0};
        return ScsiResult.good(header, cdb.u16(7));
    }

    /** SBC-3 table 77: as (10), with a 32-bit DEFECT LIST LENGTH and GENERATION CODE 0. */
    private static ScsiResult readDefectData12(ScsiRequest request, Cdb cdb) {
        byte[] header = {0, (byte) (cdb.u8(1) & 0x1F), 0, 0, 0, 0, 0, 0};
        return ScsiResult.good(header, (int) Math.min(Integer.MAX_VALUE, cdb.u32(6)));
    }
}
