package io.jiet.scsi;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * The SCSI target device of one iSCSI target: its logical units by LUN and the routing of commands to them
 * (SAM-5 §4.6). It decodes the LUN field, answers REPORT LUNS itself for any LUN (the target's LUN inventory, even
 * when no LUN 0 is configured), and answers LUNs without a logical unit as SAM-5 §5.11 requires.
 * <p>
 * Threading: immutable after construction; {@link #execute} may be called from any number of threads at once and
 * blocks while the logical unit does I/O.
 */
public final class ScsiTargetDevice {

    private final Map<Integer, LogicalUnit> lunsByNumber;

    public ScsiTargetDevice(Map<Integer, LogicalUnit> lunsByNumber) {
        TreeMap<Integer, LogicalUnit> copy = new TreeMap<>();
        lunsByNumber.forEach((lun, unit) -> {
            if (lun == null || lun < 0 || lun > LogicalUnitNumber.MAX) {
                throw new IllegalArgumentException("LUN out of range 0-16383: " + lun);
            }
            copy.put(lun, Objects.requireNonNull(unit, "logical unit for LUN " + lun));
        });
        this.lunsByNumber = Collections.unmodifiableSortedMap(copy);
    }

    /** The configured LUNs, ascending. */
    public Set<Integer> lunNumbers() {
        return lunsByNumber.keySet();
    }

    /** The logical unit a LUN field addresses, if any (e.g. for task management). */
    public Optional<LogicalUnit> logicalUnit(long lunField) {
        OptionalInt lun = LogicalUnitNumber.decode(lunField);
        return lun.isPresent() ? Optional.ofNullable(lunsByNumber.get(lun.getAsInt())) : Optional.empty();
    }

    public ScsiResult execute(ScsiRequest request) {
        byte[] cdb = request.cdb();
        if (cdb != null && cdb.length > 0 && (cdb[0] & 0xFF) == OperationCode.REPORT_LUNS) {
            try {
                return ReportLuns.execute(new Cdb(cdb), lunsByNumber.keySet());
            } catch (CheckCondition e) {
                return ScsiResult.checkCondition(e.sense());
            }
        }
        return logicalUnit(request.lun()).orElse(AbsentLogicalUnit.INSTANCE).execute(request);
    }
}
