package io.jiet.scsi;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The SCSI target device of one iSCSI target: its logical units by LUN and the routing of commands to them
 * (SAM-5 §4.6). It decodes the LUN field, answers REPORT LUNS itself for any LUN (the target's LUN inventory, even
 * when no LUN 0 is configured), and answers LUNs without a logical unit as SAM-5 §5.11 requires.
 * <p>
 * It is also where the transport reports events that concern logical units: task management resets
 * ({@link #logicalUnitReset}, {@link #targetReset}), the end of an I_T nexus ({@link #itNexusLost}), and where it
 * plugs in the {@link TaskAborter} the device servers use for PREEMPT AND ABORT.
 * <p>
 * Threading: {@link #execute} may be called from any number of threads at once and blocks while the logical unit
 * does I/O. The LUN inventory is an immutable map replaced as a whole ({@link #addLogicalUnit},
 * {@link #removeLogicalUnit} are synchronized); the task aborter is a volatile reference.
 */
public final class ScsiTargetDevice {

    private volatile SortedMap<Integer, LogicalUnit> lunsByNumber;
    private volatile TaskAborter taskAborter = TaskAborter.NONE;
    private volatile AsymmetricAccess asymmetricAccess = AsymmetricAccess.NONE;

    public ScsiTargetDevice(Map<Integer, LogicalUnit> lunsByNumber) {
        TreeMap<Integer, LogicalUnit> copy = new TreeMap<>();
        lunsByNumber.forEach((lun, unit) -> copy.put(checkLun(lun), Objects.requireNonNull(unit,
                "logical unit for LUN " + lun)));
        this.lunsByNumber = Collections.unmodifiableSortedMap(copy);
        copy.forEach((lun, unit) -> unit.attach(new Context(lun)));
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
                ScsiResult result = ReportLuns.execute(new Cdb(cdb), lunsByNumber.keySet());
                lunsByNumber.values().forEach(unit -> unit.reportLunsSent(request.nexus()));
                return result;
            } catch (CheckCondition e) {
                return ScsiResult.checkCondition(e.sense().encode(descriptorFormatSense(request.lun())));
            }
        }
        return logicalUnit(request.lun()).orElse(AbsentLogicalUnit.INSTANCE).execute(request);
    }

    /**
     * {@link LogicalUnit#executeWithoutBlocking} for the addressed logical unit; empty for REPORT LUNS and absent
     * LUNs, which the caller then runs through {@link #execute}.
     */
    public Optional<ScsiResult> executeWithoutBlocking(ScsiRequest request) {
        return logicalUnit(request.lun()).flatMap(unit -> unit.executeWithoutBlocking(request));
    }

    // ---- task management and nexus events (called by the transport) ------------------------------------------

    /**
     * LOGICAL UNIT RESET for the LUN field (RFC 7143 §11.5.1 function 5, SAM-5 §7.7). The transport first aborts
     * the tasks of that LUN from every session, then calls this; it establishes the unit attentions and releases
     * SPC-2 reservations. Returns false when no logical unit is there (the transport answers "LUN does not
     * exist").
     */
    public boolean logicalUnitReset(long lunField, ItNexus requestedBy) {
        Optional<LogicalUnit> unit = logicalUnit(lunField);
        unit.ifPresent(u -> u.logicalUnitReset(requestedBy));
        return unit.isPresent();
    }

    /**
     * TARGET WARM RESET ({@code cold} false: a hard reset, SAM-5 §6.3.2) or TARGET COLD RESET ({@code cold}: a
     * power on, after which the transport also closes every session of the target, RFC 7143 §11.5.1). The
     * transport first aborts all tasks of the target; this resets every logical unit.
     */
    public void targetReset(ItNexus requestedBy, boolean cold) {
        lunsByNumber.values().forEach(u -> u.hardReset(requestedBy, cold));
    }

    /**
     * The transport aborts {@code request}, which it passed to {@link #execute} and which has not completed: call
     * this before waiting for it to finish, so a command waiting on a long operation returns at once (see
     * {@link LogicalUnit#cancel}).
     */
    public void cancel(ScsiRequest request) {
        logicalUnit(request.lun()).ifPresent(u -> u.cancel(request));
    }

    /** An I_T nexus ended (logout, connection failure at ERL 0, session reinstatement, timeout). */
    public void itNexusLost(ItNexus nexus) {
        lunsByNumber.values().forEach(u -> u.itNexusLost(nexus));
    }

    /** Where PREEMPT AND ABORT sends the tasks to abort; {@link TaskAborter#NONE} until the transport sets one. */
    public void setTaskAborter(TaskAborter aborter) {
        this.taskAborter = Objects.requireNonNull(aborter, "aborter");
    }

    /**
     * How the target's ports present its logical units; set once, before commands arrive. Every state change of
     * the target port groups raises UNIT ATTENTION 2A/06 on the I_T nexuses the change's cause names (all but the
     * sender for SET TARGET PORT GROUPS, all for implicit and administrative changes, SPC-4 §5.9.2.6).
     */
    public void asymmetricAccess(AsymmetricAccess access) {
        Objects.requireNonNull(access, "access");
        this.asymmetricAccess = access;
        access.groups().ifPresent(groups -> groups.addListener(change -> lunsByNumber.values().forEach(
                unit -> unit.asymmetricAccessStateChanged(
                        nexus -> change.cause().unitAttentionFor(AsymmetricAccess.nexusKey(nexus))))));
    }

    public AsymmetricAccess asymmetricAccess() {
        return asymmetricAccess;
    }

    /** Sense data for a condition the transport detects, in the format the addressed logical unit uses. */
    public byte[] senseData(long lunField, Sense sense) {
        return sense.encode(descriptorFormatSense(lunField));
    }

    /** The addressed logical unit's TAS bit (TASK ABORTED status for tasks aborted by another I_T nexus). */
    public boolean taskAbortedStatus(long lunField) {
        return logicalUnit(lunField).map(LogicalUnit::taskAbortedStatus).orElse(false);
    }

    private boolean descriptorFormatSense(long lunField) {
        return logicalUnit(lunField).map(LogicalUnit::descriptorFormatSense).orElse(false);
    }

    // ---- LUN inventory changes ---------------------------------------------------------------------------------

    /** Adds a logical unit; every other logical unit reports REPORTED LUNS DATA HAS CHANGED. */
    public synchronized void addLogicalUnit(int lun, LogicalUnit unit) {
        checkLun(lun);
        Objects.requireNonNull(unit, "unit");
        TreeMap<Integer, LogicalUnit> copy = new TreeMap<>(lunsByNumber);
        if (copy.putIfAbsent(lun, unit) != null) {
            throw new IllegalArgumentException("LUN " + lun + " is already in use");
        }
        unit.attach(new Context(lun));
        lunsByNumber = Collections.unmodifiableSortedMap(copy);
        copy.forEach((n, u) -> {
            if (n != lun) {
                u.reportedLunsDataChanged();
            }
        });
    }

    /** Removes a logical unit and returns it (the caller closes it); the others report the change. */
    public synchronized Optional<LogicalUnit> removeLogicalUnit(int lun) {
        TreeMap<Integer, LogicalUnit> copy = new TreeMap<>(lunsByNumber);
        LogicalUnit removed = copy.remove(lun);
        if (removed != null) {
            lunsByNumber = Collections.unmodifiableSortedMap(copy);
            copy.values().forEach(LogicalUnit::reportedLunsDataChanged);
        }
        return Optional.ofNullable(removed);
    }

    private static int checkLun(Integer lun) {
        if (lun == null || lun < 0 || lun > LogicalUnitNumber.MAX) {
            throw new IllegalArgumentException("LUN out of range 0-16383: " + lun);
        }
        return lun;
    }

    /** The view one logical unit has of its target device. */
    private final class Context implements LogicalUnitContext {
        private final int lun;

        Context(int lun) {
            this.lun = lun;
        }

        @Override
        public int lun() {
            return lun;
        }

        @Override
        public Collection<LogicalUnit> logicalUnits() {
            return lunsByNumber.values();
        }

        @Override
        public void abortTasks(Predicate<ItNexus> whose) {
            taskAborter.abortTasks(lun, whose);
        }

        @Override
        public AsymmetricAccess asymmetricAccess() {
            return asymmetricAccess;
        }
    }
}
