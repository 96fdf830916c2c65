package io.jiet.scsi;

import java.util.Collection;
import java.util.function.Predicate;

/**
 * What a logical unit may ask of the {@link ScsiTargetDevice} it belongs to: its LUN, the other logical units
 * (EXTENDED COPY between them), aborting tasks through the transport (PREEMPT AND ABORT) and the
 * target's asymmetric access (ALUA, RDAC).
 */
public interface LogicalUnitContext {

    int lun();

    /** Every logical unit of the target device, this one included. */
    Collection<LogicalUnit> logicalUnits();

    /** Asks the transport to abort this logical unit's tasks from I_T nexuses {@code whose} accepts. */
    void abortTasks(Predicate<ItNexus> whose);

    /** How the target's ports present this logical unit (ALUA groups, RDAC personality, port count). */
    default AsymmetricAccess asymmetricAccess() {
        return AsymmetricAccess.NONE;
    }
}
