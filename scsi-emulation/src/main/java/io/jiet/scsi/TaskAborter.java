package io.jiet.scsi;

import java.util.function.Predicate;

/**
 * How a device server asks the transport to abort tasks it holds (SAM-5 §5.6): PREEMPT AND ABORT aborts the tasks
 * of the I_T nexuses whose registrations it removed (SPC-4 §5.13.11.4.4). The transport implements it and hands
 * it to {@link ScsiTargetDevice#setTaskAborter}; it must not block on the aborted tasks finishing, and it applies
 * the Control mode page's TAS bit ({@link LogicalUnit#taskAbortedStatus()}) to what those initiators see.
 */
@FunctionalInterface
public interface TaskAborter {

    TaskAborter NONE = (lun, whose) -> { };

    /** Aborts every task for LUN {@code lun} that arrived through an I_T nexus {@code whose} accepts. */
    void abortTasks(int lun, Predicate<ItNexus> whose);
}
