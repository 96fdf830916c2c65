package io.jiet.scsi;

/**
 * A SCSI logical unit. {@link #execute} may block on backstore I/O: callers run it off their network threads. It
 * never throws for a bad CDB or an I/O failure: those become CHECK CONDITION with the matching sense.
 * <p>
 * The other methods are events the transport (through {@link ScsiTargetDevice}) reports to the device server;
 * their defaults do nothing, for logical units without state.
 */
public interface LogicalUnit extends AutoCloseable {

    ScsiResult execute(ScsiRequest request);

    /**
     * Runs the command only if it completes without waiting for the backstore (a READ of data a cache holds), so a
     * network thread may run it in place. Empty means it would have waited: nothing observable happened, and the
     * caller runs {@link #execute} on a worker as usual. The default never runs anything.
     */
    default java.util.Optional<ScsiResult> executeWithoutBlocking(ScsiRequest request) {
        return java.util.Optional.empty();
    }

    /**
     * The transport is aborting {@code request}, which is executing in this logical unit (ABORT TASK, ABORT TASK
     * SET, CLEAR TASK SET, a reset, or the session's end). A command that waits for a long operation (SANITIZE
     * without IMMED) stops waiting and returns at once with TASK ABORTED, which the transport discards; the
     * operation itself goes on where SCSI says it must (SBC-3 §4.34.2). Other commands simply run to completion.
     * Call it with the same {@link ScsiRequest} object that was passed to {@link #execute}.
     */
    default void cancel(ScsiRequest request) {
    }

    /**
     * LOGICAL UNIT RESET (SAM-5 §6.3.3), after the transport has aborted the logical unit's tasks: releases SPC-2
     * reservations, restores default mode parameters and establishes BUS DEVICE RESET FUNCTION OCCURRED for
     * every I_T nexus. Persistent reservations stay.
     */
    default void logicalUnitReset(ItNexus requestedBy) {
    }

    /**
     * A hard reset of the target (TARGET WARM RESET, SAM-5 §6.3.2) or, with {@code powerOn}, a TARGET COLD RESET
     * treated as power on: the effects of a logical unit reset, with SCSI BUS RESET OCCURRED or POWER ON
     * OCCURRED as the unit attention.
     */
    default void hardReset(ItNexus requestedBy, boolean powerOn) {
    }

    /** The I_T nexus is gone (session ended, SAM-5 §6.3.4): its SPC-2 reservation and pending conditions go. */
    default void itNexusLost(ItNexus nexus) {
    }

    /** The target's LUN inventory changed: REPORTED LUNS DATA HAS CHANGED for every I_T nexus (SPC-4 §6.33). */
    default void reportedLunsDataChanged() {
    }

    /** REPORT LUNS was answered for {@code nexus}, which clears its REPORTED LUNS DATA HAS CHANGED condition. */
    default void reportLunsSent(ItNexus nexus) {
    }

    /**
     * A target port group changed its asymmetric access state: UNIT ATTENTION, ASYMMETRIC ACCESS STATE CHANGED
     * (2A/06, SPC-4 §5.9.2.6) for the I_T nexuses {@code which} accepts.
     */
    default void asymmetricAccessStateChanged(java.util.function.Predicate<ItNexus> which) {
    }

    /** The Control mode page's D_SENSE: sense data the transport builds should be descriptor format. */
    default boolean descriptorFormatSense() {
        return false;
    }

    /** The Control mode page's TAS: tasks aborted for another I_T nexus end with TASK ABORTED status. */
    default boolean taskAbortedStatus() {
        return false;
    }

    /**
     * This logical unit as {@code type}, seeing through wrappers (a wrapper delegates this method): how a device
     * server finds a sibling of its own kind among {@link LogicalUnitContext#logicalUnits()}.
     */
    default <T> java.util.Optional<T> unwrap(Class<T> type) {
        return type.isInstance(this) ? java.util.Optional.of(type.cast(this)) : java.util.Optional.empty();
    }

    /** Called once by the {@link ScsiTargetDevice} this logical unit joins. */
    default void attach(LogicalUnitContext context) {
    }

    @Override
    void close();
}
