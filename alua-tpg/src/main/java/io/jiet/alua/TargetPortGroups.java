package io.jiet.alua;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;

/**
 * The target port groups of one iSCSI target (one ALUA configuration shared by its logical units) and their
 * asymmetric access states: the state machine behind REPORT TARGET PORT GROUPS, SET TARGET PORT GROUPS, command
 * gating and the 2A/06 unit attention.
 *
 * <p>Transitions. Any state may be asked for any other state by an administrator; SET TARGET PORT GROUPS may ask
 * only for the primary states active/optimized, active/non-optimized, standby and unavailable (offline,
 * transitioning and LBA dependent are refused with 05/26/00, as issue 5 and SPC-4 require for states that cannot be
 * requested). With a non-zero transition time a group passes through {@link AluaState#TRANSITIONING} for that long
 * before it holds the requested state; a newer request for the same group replaces a pending one. Implicit
 * failover, when enabled: once every portal of an active/optimized group is reported down, that group becomes
 * unavailable and the best remaining active/non-optimized (else standby) group with a live portal becomes
 * active/optimized; when a portal of the failed group comes back the two groups return to their former states,
 * unless someone changed either in between. One implicit failover is remembered at a time.
 *
 * <p>Threading: thread-safe. Reads ({@link #groups}, {@link #stateOfPort}, {@link #accessCheck}) see an immutable
 * snapshot through a volatile field and never block; changes are serialised on this object's monitor and
 * listeners run inside it, in order.
 */
public final class TargetPortGroups {

    private final AluaMode mode;
    private final SupportedStates supported;
    private final Duration transitionTime;
    private final boolean implicitFailover;
    private final AccessGate gate;
    private final TransitionScheduler scheduler;
    private final Map<Integer, Integer> groupOfPort;
    private final List<AccessStateListener> listeners = new CopyOnWriteArrayList<>();

    private volatile SortedMap<Integer, TargetPortGroup> groups;

    // guarded by this
    private final Map<Integer, Pending> pending = new HashMap<>();
    private final Set<Integer> downPorts = new HashSet<>();
    private Failover failover;

    private record Pending(Future<?> timer, AluaState target, CompletableFuture<Void> done) {
    }

    private record Failover(int failedGroup, AluaState failedWas, int successor, AluaState successorWas) {
    }

    private TargetPortGroups(Builder b) {
        this.mode = b.mode;
        this.supported = SupportedStates.ALL;
        this.transitionTime = b.transitionTime;
        this.implicitFailover = b.implicitFailover;
        this.gate = b.gate;
        this.scheduler = b.scheduler;
        SortedMap<Integer, TargetPortGroup> initial = new TreeMap<>();
        Map<Integer, Integer> ports = new HashMap<>();
        for (TargetPortGroup g : b.groups) {
            if (initial.putIfAbsent(g.id(), g) != null) {
                throw new IllegalArgumentException("target port group " + g.id() + " is defined twice");
            }
            for (int port : g.relativeTargetPortIds()) {
                Integer other = ports.putIfAbsent(port, g.id());
                if (other != null) {
                    throw new IllegalArgumentException("relative target port " + port + " is in target port groups "
                            + other + " and " + g.id());
                }
            }
        }
        if (initial.isEmpty()) {
            throw new IllegalArgumentException("no target port group");
        }
        this.groups = Collections.unmodifiableSortedMap(initial);
        this.groupOfPort = Map.copyOf(ports);
    }

    public static Builder builder() {
        return new Builder();
    }

    public AluaMode mode() {
        return mode;
    }

    public SupportedStates supportedStates() {
        return supported;
    }

    public Duration transitionTime() {
        return transitionTime;
    }

    /** The transition time rounded up to whole seconds, at most 255: the extended RTPG header's byte 5. */
    public int implicitTransitionTimeSeconds() {
        long seconds = transitionTime.toSeconds() + (transitionTime.toNanosPart() > 0 ? 1 : 0);
        return (int) Math.min(255, seconds);
    }

    public void addListener(AccessStateListener listener) {
        listeners.add(listener);
    }

    public void removeListener(AccessStateListener listener) {
        listeners.remove(listener);
    }

    /** Every group, ascending by id. */
    public List<TargetPortGroup> groups() {
        return List.copyOf(groups.values());
    }

    public Optional<TargetPortGroup> group(int groupId) {
        return Optional.ofNullable(groups.get(groupId));
    }

    /** The group a relative target port belongs to. */
    public Optional<TargetPortGroup> groupOfPort(int relativeTargetPortId) {
        Integer id = groupOfPort.get(relativeTargetPortId);
        return id == null ? Optional.empty() : Optional.of(groups.get(id));
    }

    /** The state commands arriving through this port are gated by. */
    public AluaState stateOfPort(int relativeTargetPortId) {
        return groupOfPort(relativeTargetPortId)
                .orElseThrow(() -> new IllegalArgumentException("unknown relative target port " + relativeTargetPortId))
                .state();
    }

    /**
     * The gate for a command received through {@code relativeTargetPortId}: empty to execute it, else the sense
     * to terminate it with (CHECK CONDITION). Run it before dispatch, after unit attentions and reservations.
     */
    public Optional<SenseCode> accessCheck(int relativeTargetPortId, byte[] cdb) {
        return gate.check(stateOfPort(relativeTargetPortId), cdb);
    }

    /** REPORT TARGET PORT GROUPS parameter data for the current states. */
    public byte[] reportTargetPortGroups(ReportTargetPortGroups.Format format) {
        return ReportTargetPortGroups.encode(groups(), supported, format, implicitTransitionTimeSeconds());
    }

    /**
     * Serves SET TARGET PORT GROUPS received on I_T nexus {@code requestingNexus}: validates every descriptor, then
     * applies them all, or none.
     */
    public synchronized SetTargetPortGroupsOutcome setTargetPortGroups(byte[] parameterList, String requestingNexus) {
        if (!mode.explicitTransitions()) {
            return new SetTargetPortGroupsOutcome.Refused(SenseCode.INVALID_COMMAND_OPERATION_CODE, Optional.empty());
        }
        SetTargetPortGroupsParameters.Decoded decoded = SetTargetPortGroupsParameters.decode(parameterList);
        if (decoded.lengthError().isPresent()) {
            return new SetTargetPortGroupsOutcome.Refused(decoded.lengthError().get(), Optional.empty());
        }
        Map<Integer, AluaState> requested = new LinkedHashMap<>();
        for (SetTargetPortGroupsParameters.Descriptor d : decoded.descriptors()) {
            Optional<AluaState> state = AluaState.fromCode(d.stateCode());
            if (state.isEmpty() || !requestable(state.get())) {
                return refusedAt(d.offset(), 3);
            }
            if (!groups.containsKey(d.targetPortGroup())) {
                return refusedAt(d.offset() + 2, 7);
            }
            requested.put(d.targetPortGroup(), state.get());
        }
        demoteOtherOptimizedGroups(requested);
        ChangeCause cause = new ChangeCause.SetTargetPortGroups(requestingNexus);
        List<AccessStateChange> changes = new ArrayList<>();
        List<CompletableFuture<Void>> settled = new ArrayList<>();
        requested.forEach((group, state) -> settled.add(apply(group, state, cause, changes)));
        return new SetTargetPortGroupsOutcome.Applied(changes,
                CompletableFuture.allOf(settled.toArray(CompletableFuture[]::new)));
    }

    /**
     * A request that makes a group active/optimized leaves it the only one: every other active/optimized group
     * the list does not name becomes active/non-optimized, as arrays with one optimized controller do (SPC-4 lets
     * SET TARGET PORT GROUPS change other groups' states). Linux scsi_dh_alua sends STPG for an active/non-optimized
     * group whenever dm-multipath activates a path in it (alua_stpg), e.g. when a map is first built from that
     * path; without this the target would keep two optimized groups and hosts would lose the configured preference.
     */
    private void demoteOtherOptimizedGroups(Map<Integer, AluaState> requested) {
        if (!requested.containsValue(AluaState.ACTIVE_OPTIMIZED)) {
            return;
        }
        for (TargetPortGroup g : groups.values()) {
            if (!requested.containsKey(g.id()) && g.state() == AluaState.ACTIVE_OPTIMIZED) {
                requested.put(g.id(), AluaState.ACTIVE_NONOPTIMIZED);
            }
        }
    }

    /**
     * An administrative or implicit change of one group to any state. Completes when the group holds
     * {@code target}.
     */
    public synchronized CompletableFuture<Void> changeState(int groupId, AluaState target, ChangeCause cause) {
        if (!groups.containsKey(groupId)) {
            throw new IllegalArgumentException("unknown target port group " + groupId);
        }
        return apply(groupId, target, cause, new ArrayList<>());
    }

    /** A portal (relative target port) stopped serving, e.g. its listener is gone or its link is down. */
    public synchronized void portalDown(int relativeTargetPortId) {
        int groupId = requireGroupOf(relativeTargetPortId);
        downPorts.add(relativeTargetPortId);
        if (!implicitFailover || failover != null) {
            return;
        }
        TargetPortGroup failed = groups.get(groupId);
        if (intended(failed) != AluaState.ACTIVE_OPTIMIZED || !downPorts.containsAll(failed.relativeTargetPortIds())) {
            return;
        }
        Optional<TargetPortGroup> successor = successorOf(failed, AluaState.ACTIVE_NONOPTIMIZED)
                .or(() -> successorOf(failed, AluaState.STANDBY));
        if (successor.isEmpty()) {
            return;
        }
        TargetPortGroup next = successor.get();
        ChangeCause cause = new ChangeCause.Implicit("every portal of target port group " + groupId + " is down");
        Failover memory = new Failover(groupId, AluaState.ACTIVE_OPTIMIZED, next.id(), intended(next));
        apply(groupId, AluaState.UNAVAILABLE, cause, new ArrayList<>());
        apply(next.id(), AluaState.ACTIVE_OPTIMIZED, cause, new ArrayList<>());
        failover = memory;
    }

    /** A portal serves again; undoes an implicit failover of its group. */
    public synchronized void portalUp(int relativeTargetPortId) {
        int groupId = requireGroupOf(relativeTargetPortId);
        downPorts.remove(relativeTargetPortId);
        Failover memory = failover;
        if (memory == null || memory.failedGroup() != groupId) {
            return;
        }
        failover = null;
        if (intended(groups.get(memory.failedGroup())) != AluaState.UNAVAILABLE
                || intended(groups.get(memory.successor())) != AluaState.ACTIVE_OPTIMIZED) {
            return;
        }
        ChangeCause cause = new ChangeCause.Implicit("a portal of target port group " + groupId + " is up again");
        apply(memory.successor(), memory.successorWas(), cause, new ArrayList<>());
        apply(memory.failedGroup(), memory.failedWas(), cause, new ArrayList<>());
    }

    /** The relative target ports currently reported down. */
    public synchronized Set<Integer> downPorts() {
        return Set.copyOf(downPorts);
    }

    private static boolean requestable(AluaState state) {
        return state == AluaState.ACTIVE_OPTIMIZED || state == AluaState.ACTIVE_NONOPTIMIZED
                || state == AluaState.STANDBY || state == AluaState.UNAVAILABLE;
    }

    private static SetTargetPortGroupsOutcome refusedAt(int offset, int bit) {
        return new SetTargetPortGroupsOutcome.Refused(SenseCode.INVALID_FIELD_IN_PARAMETER_LIST,
                Optional.of(new FieldPointer(offset, bit)));
    }

    private int requireGroupOf(int relativeTargetPortId) {
        Integer id = groupOfPort.get(relativeTargetPortId);
        if (id == null) {
            throw new IllegalArgumentException("unknown relative target port " + relativeTargetPortId);
        }
        return id;
    }

    /** The state a group holds or is on its way to. Caller holds the monitor. */
    private AluaState intended(TargetPortGroup g) {
        Pending p = pending.get(g.id());
        return p == null ? g.state() : p.target();
    }

    private Optional<TargetPortGroup> successorOf(TargetPortGroup failed, AluaState wanted) {
        return groups.values().stream()
                .filter(g -> g.id() != failed.id() && intended(g) == wanted)
                .filter(g -> !downPorts.containsAll(g.relativeTargetPortIds()))
                .min(Comparator.comparing((TargetPortGroup g) -> !g.preferred()).thenComparingInt(TargetPortGroup::id));
    }

    /** Caller holds the monitor. Appends the changes that take effect now to {@code applied}. */
    private CompletableFuture<Void> apply(int groupId, AluaState target, ChangeCause cause,
                                          List<AccessStateChange> applied) {
        if (!(cause instanceof ChangeCause.Implicit)) {
            failover = null;
        }
        Pending superseded = pending.remove(groupId);
        if (superseded != null) {
            superseded.timer().cancel(false);
            superseded.done().complete(null);
        }
        TargetPortGroup current = groups.get(groupId);
        if (current.state() == target) {
            return CompletableFuture.completedFuture(null);
        }
        if (transitionTime.isZero() || target == AluaState.TRANSITIONING) {
            applied.add(record(groupId, target, cause, true));
            return CompletableFuture.completedFuture(null);
        }
        if (current.state() != AluaState.TRANSITIONING) {
            applied.add(record(groupId, AluaState.TRANSITIONING, cause, false));
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        Future<?> timer = scheduler.schedule(() -> finish(groupId, done, cause), transitionTime);
        pending.put(groupId, new Pending(timer, target, done));
        return done;
    }

    /** The end of a timed transition; {@code done} identifies it, so a superseded one does nothing. */
    private synchronized void finish(int groupId, CompletableFuture<Void> done, ChangeCause cause) {
        Pending p = pending.get(groupId);
        if (p == null || p.done() != done) {
            return;
        }
        pending.remove(groupId);
        record(groupId, p.target(), cause, true);
        done.complete(null);
    }

    /** Caller holds the monitor. */
    private AccessStateChange record(int groupId, AluaState to, ChangeCause cause, boolean settled) {
        TargetPortGroup before = groups.get(groupId);
        SortedMap<Integer, TargetPortGroup> next = new TreeMap<>(groups);
        next.put(groupId, before.withState(to, cause.statusCode()));
        groups = Collections.unmodifiableSortedMap(next);
        AccessStateChange change = new AccessStateChange(groupId, before.state(), to, cause, settled);
        for (AccessStateListener l : listeners) {
            l.accessStateChanged(change);
        }
        return change;
    }

    /** Collects the configuration; {@link #build} checks it. Not thread-safe. */
    public static final class Builder {
        private AluaMode mode = AluaMode.BOTH;
        private Duration transitionTime = Duration.ZERO;
        private boolean implicitFailover;
        private AccessGate gate = AccessGate.STANDARD;
        private TransitionScheduler scheduler;
        private final List<TargetPortGroup> groups = new ArrayList<>();

        private Builder() {
        }

        public Builder mode(AluaMode mode) {
            this.mode = mode;
            return this;
        }

        /** How long a group stays in transitioning on its way to a new state; zero (default) changes at once. */
        public Builder transitionTime(Duration time) {
            if (time.isNegative() || time.compareTo(Duration.ofSeconds(255)) > 0) {
                throw new IllegalArgumentException("transition time must be 0..255 s, not " + time);
            }
            this.transitionTime = time;
            return this;
        }

        /** Enables the implicit failover described on {@link TargetPortGroups}; needs mode implicit or both. */
        public Builder implicitFailover(boolean enabled) {
            this.implicitFailover = enabled;
            return this;
        }

        public Builder accessGate(AccessGate gate) {
            this.gate = gate;
            return this;
        }

        /** Runs the ends of timed transitions; it must run them later, never inside {@code schedule}. */
        public Builder scheduler(TransitionScheduler scheduler) {
            this.scheduler = scheduler;
            return this;
        }

        /** A group in its configured state (status code 0). */
        public Builder group(int id, AluaState state, boolean preferred, List<Integer> relativeTargetPortIds) {
            groups.add(new TargetPortGroup(id, state, preferred, relativeTargetPortIds, StatusCode.NO_STATUS));
            return this;
        }

        public TargetPortGroups build() {
            if (mode == AluaMode.OFF) {
                throw new IllegalStateException("Alua off has no target port group states to keep");
            }
            if (implicitFailover && !mode.implicitTransitions()) {
                throw new IllegalStateException("implicit failover needs Alua implicit or both, not " + mode);
            }
            if (scheduler == null) {
                scheduler = transitionTime.isZero()
                        ? (action, delay) -> { throw new IllegalStateException("no transition time"); }
                        : TransitionScheduler.daemonThread();
            }
            return new TargetPortGroups(this);
        }
    }
}
