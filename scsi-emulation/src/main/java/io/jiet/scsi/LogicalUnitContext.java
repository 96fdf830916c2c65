package io.jiet.scsi;

import java.util.Collection;
import java.util.function.Predicate;

/**
 * What a logical unit may ask of the {@link ScsiTargetDevice} it belongs to: its LUN, the other logical units
 * (EXTENDED COPY between them) and aborting tasks through the transport (PREEMPT AND ABORT).
 */
public interface LogicalUnitContext {

    int lun();

    /** Every logical unit of the target device, this one included. */
    Collection<LogicalUnit> logicalUnits();

    /** Asks the transport to abort this logical unit's tasks from I_T nexuses {@code whose} accepts. */
    void abortTasks(Predicate<ItNexus> whose);
}
