package io.jiet.scsi.pr;

import io.jiet.scsi.CheckCondition;
import io.jiet.scsi.ItNexus;
import io.jiet.scsi.ReservationAccess;
import io.jiet.scsi.Sense;
import io.jiet.scsi.UnitAttentions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The reservation state of one logical unit: the SPC-2 reservation of RESERVE(6)/(10) (SPC-2 §5.5.1) and the
 * persistent reservations of PERSISTENT RESERVE OUT (SPC-4 §5.13), with the rules that decide which commands
 * conflict ({@link #conflicts}, SPC-4 table 60 / SBC-3 table 13) and the unit attentions that PR changes raise.
 * <p>
 * Persistent reservations survive I_T nexus loss, logical unit reset and hard reset; with APTPL they are also
 * written to an {@link AptplFile} on every change and restored when the logical unit is opened again (power on).
 * The SPC-2 reservation ends with its I_T nexus, on any reset and on power on.
 * <p>
 * Threading: thread-safe. Every change happens under this object's monitor; {@link #conflicts} takes it only
 * while some reservation exists (a volatile flag keeps the common unreserved path lock-free).
 */
public final class Reservations {

    /** How many registrations one logical unit keeps; more end in INSUFFICIENT REGISTRATION RESOURCES. */
    public static final int MAX_REGISTRATIONS = 256;

    private final UnitAttentions unitAttentions;
    private final Optional<AptplFile> aptplFile;
    private final boolean persistCapable;
    private final Map<ItNexus, InitiatorPort> ports = new ConcurrentHashMap<>();

    private final List<Registration> registrations = new ArrayList<>();
    private ReservationType type;
    /** The registration holding a non-all-registrants reservation; null otherwise. */
    private Registration holder;
    private int generation;
    private boolean aptpl;
    private ItNexus spc2Holder;
    private volatile boolean anyReservation;

    /**
     * @param aptplFile where APTPL state lives; empty (or not writable) makes APTPL unsupported (PTPL_C 0)
     * @throws IOException if a saved state exists but cannot be read: better to refuse the LU than to forget a
     *                     cluster's fencing registrations silently
     */
    public Reservations(UnitAttentions unitAttentions, Optional<AptplFile> aptplFile) throws IOException {
        this.unitAttentions = unitAttentions;
        this.aptplFile = aptplFile;
        this.persistCapable = aptplFile.isPresent() && aptplFile.get().writable();
        if (aptplFile.isPresent()) {
            Optional<AptplFile.State> saved = aptplFile.get().load();
            if (saved.isPresent()) {
                AptplFile.State state = saved.get();
                registrations.addAll(state.registrations());
                generation = state.generation();
                type = state.type().orElse(null);
                holder = state.holderIndex() >= 0 ? registrations.get(state.holderIndex()) : null;
                aptpl = true;
                anyReservation = type != null;
            }
        }
    }

    /** Whether APTPL can be honoured (REPORT CAPABILITIES' PTPL_C). */
    public boolean persistThroughPowerLossCapable() {
        return persistCapable;
    }

    // ---- access checks ----------------------------------------------------------------------------------------

    /**
     * Whether any reservation (SPC-2 or persistent) is held. Read without the lock, so a caller that must not block
     * (a READ tried on a network thread) can leave reserved units to a worker: checking a conflict takes the lock,
     * which PERSISTENT RESERVE OUT holds across the fsyncs of an APTPL save.
     */
    public boolean anyReservation() {
        return anyReservation;
    }

    /** Whether {@code nexus} must get RESERVATION CONFLICT for a command of the given access. */
    public boolean conflicts(ItNexus nexus, ReservationAccess access) {
        if (!anyReservation || access == ReservationAccess.UNRESTRICTED) {
            return false;
        }
        synchronized (this) {
            if (spc2Holder != null) {
                return !spc2Holder.equals(nexus);
            }
            if (type == null) {
                return false;
            }
            InitiatorPort port = port(nexus);
            Registration own = registrationOf(port, nexus);
            if (own != null && (type.registrantsHaveAccess() || own.equals(holder))) {
                return false;
            }
            return access == ReservationAccess.WRITE || type.exclusiveAccess();
        }
    }

    /** PERSISTENT RESERVE OUT conflicts with an SPC-2 reservation held through another I_T nexus (SPC-4 §5.13.1). */
    synchronized boolean reservedByOtherNexus(ItNexus nexus) {
        return spc2Holder != null && !spc2Holder.equals(nexus);
    }

    // ---- SPC-2 RESERVE / RELEASE -------------------------------------------------------------------------------

    /**
     * RESERVE(6)/(10): conflicts while any persistent reservation registration exists (SPC-2 §5.5.1) or another
     * I_T nexus holds the reservation; reserving again from the holder is allowed.
     */
    synchronized void reserveUnit(ItNexus nexus) throws ReservationConflict {
        if (!registrations.isEmpty() || spc2Holder != null && !spc2Holder.equals(nexus)) {
            throw new ReservationConflict();
        }
        spc2Holder = nexus;
        anyReservation = true;
    }

    /** RELEASE(6)/(10): releases the holder's reservation; from anyone else it does nothing (SPC-2 §7.17). */
    synchronized void releaseUnit(ItNexus nexus) throws ReservationConflict {
        if (!registrations.isEmpty()) {
            throw new ReservationConflict();
        }
        if (nexus.equals(spc2Holder)) {
            releaseSpc2();
        }
    }

    // ---- events ------------------------------------------------------------------------------------------------

    /** Logical unit reset and hard reset release the SPC-2 reservation; persistent reservations stay. */
    public synchronized void reset() {
        releaseSpc2();
    }

    /** I_T nexus loss releases an SPC-2 reservation held through it; persistent reservations stay. */
    public synchronized void nexusLost(ItNexus nexus) {
        if (nexus.equals(spc2Holder)) {
            releaseSpc2();
        }
        ports.remove(nexus);
    }

    private void releaseSpc2() {
        spc2Holder = null;
        anyReservation = type != null;
    }

    // ---- PERSISTENT RESERVE OUT service actions (SPC-4 §5.13.7 - §5.13.11) ------------------------------------

    /**
     * REGISTER, and REGISTER AND IGNORE EXISTING KEY when {@code ignoreExisting} (SPC-4 §5.13.7).
     *
     * @param specified the initiator ports of SPEC_I_PT TransportIDs, registered with the same key and target port
     */
    synchronized void register(ItNexus nexus, long key, long serviceActionKey, boolean ignoreExisting,
                               boolean allTargetPorts, boolean aptplBit, List<InitiatorPort> specified)
            throws ReservationConflict, CheckCondition {
        InitiatorPort port = port(nexus);
        Registration own = registrationOf(port, nexus);
        if (own == null) {
            if (!ignoreExisting && key != 0) {
                throw new ReservationConflict();
            }
            if (serviceActionKey == 0) {
                return;
            }
            checkAptpl(aptplBit);
            List<Registration> added = new ArrayList<>();
            added.add(new Registration(port, nexus.relativeTargetPortId(), allTargetPorts, serviceActionKey));
            for (InitiatorPort other : specified) {
                Registration r = new Registration(other, nexus.relativeTargetPortId(), allTargetPorts,
                        serviceActionKey);
                if (registrations.stream().anyMatch(existing -> existing.sameRegistrant(r))
                        || added.stream().anyMatch(a -> a.sameRegistrant(r))) {
                    throw new ReservationConflict();
                }
                added.add(r);
            }
            if (registrations.size() + added.size() > MAX_REGISTRATIONS) {
                throw new CheckCondition(Sense.INSUFFICIENT_REGISTRATION_RESOURCES);
            }
            change(() -> {
                registrations.addAll(added);
                generation++;
                aptpl = aptplBit;
            });
            return;
        }
        if (!ignoreExisting && key != own.key()) {
            throw new ReservationConflict();
        }
        if (!specified.isEmpty()) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_PARAMETER_LIST.inParameterList(20, 3));
        }
        checkAptpl(aptplBit);
        change(() -> {
            if (serviceActionKey == 0) {
                unregister(own, nexus);
            } else {
                replace(own, own.withKey(serviceActionKey));
            }
            generation++;
            aptpl = aptplBit;
        });
    }

    /** RESERVE (SPC-4 §5.13.9): the registered I_T nexus takes the reservation, or already holds that type. */
    synchronized void reserve(ItNexus nexus, long key, ReservationType newType)
            throws ReservationConflict, CheckCondition {
        Registration own = registeredWithKey(nexus, key);
        if (type != null) {
            if (holds(own) && type == newType) {
                return;
            }
            throw new ReservationConflict();
        }
        change(() -> {
            type = newType;
            holder = newType.allRegistrants() ? null : own;
            anyReservation = true;
        });
    }

    /** RELEASE (SPC-4 §5.13.11.2): only the holder releases, and only with the reservation's type. */
    synchronized void release(ItNexus nexus, long key, ReservationType releasedType)
            throws ReservationConflict, CheckCondition {
        Registration own = registeredWithKey(nexus, key);
        if (type == null || !holds(own)) {
            return;
        }
        if (releasedType != type) {
            throw new CheckCondition(Sense.INVALID_RELEASE_OF_PERSISTENT_RESERVATION);
        }
        ReservationType released = type;
        change(() -> {
            dropReservation();
            if (released.registrantsHaveAccess()) {
                unitAttentions.establishWhere(n -> !n.equals(nexus) && registered(n), Sense.RESERVATIONS_RELEASED);
            }
        });
    }

    /** CLEAR (SPC-4 §5.13.11.2.6): every registration and the reservation go; the others are told. */
    synchronized void clear(ItNexus nexus, long key) throws ReservationConflict, CheckCondition {
        registeredWithKey(nexus, key);
        List<Registration> before = List.copyOf(registrations);
        change(() -> {
            unitAttentions.establishWhere(n -> !n.equals(nexus) && anyMatches(before, n),
                    Sense.RESERVATIONS_PREEMPTED);
            registrations.clear();
            dropReservation();
            generation++;
        });
    }

    /**
     * PREEMPT and PREEMPT AND ABORT (SPC-4 §5.13.11.4): removes the registrations with the service action key
     * and, when that key is the holder's (or 0 under an all-registrants reservation), takes the reservation.
     *
     * @return which I_T nexuses lost their registration (PREEMPT AND ABORT aborts their tasks)
     */
    synchronized Predicate<ItNexus> preempt(ItNexus nexus, long key, long serviceActionKey, ReservationType newType)
            throws ReservationConflict, CheckCondition {
        Registration own = registeredWithKey(nexus, key);
        List<Registration> removed = new ArrayList<>();
        boolean takeReservation;
        if (type != null && type.allRegistrants() && serviceActionKey == 0) {
            registrations.stream().filter(r -> !r.equals(own)).forEach(removed::add);
            takeReservation = true;
        } else if (type != null && !type.allRegistrants() && holder.key() == serviceActionKey) {
            registrations.stream().filter(r -> r.key() == serviceActionKey && !r.equals(own)).forEach(removed::add);
            takeReservation = true;
        } else {
            if (serviceActionKey == 0) {
                throw new CheckCondition(Sense.INVALID_FIELD_IN_PARAMETER_LIST.inParameterList(8));
            }
            registrations.stream().filter(r -> r.key() == serviceActionKey).forEach(removed::add);
            if (removed.isEmpty()) {
                throw new ReservationConflict();
            }
            takeReservation = false;
        }
        ReservationType oldType = type;
        List<Registration> gone = List.copyOf(removed);
        change(() -> {
            unitAttentions.establishWhere(n -> anyMatches(gone, n), Sense.REGISTRATIONS_PREEMPTED);
            registrations.removeAll(gone);
            if (takeReservation) {
                type = newType;
                holder = newType.allRegistrants() ? null : own;
                anyReservation = true;
                if (oldType != newType) {
                    unitAttentions.establishWhere(n -> !n.equals(nexus) && registered(n) && !anyMatches(gone, n),
                            Sense.RESERVATIONS_RELEASED);
                }
            } else if (holder != null && gone.contains(holder)
                    || type != null && type.allRegistrants() && registrations.isEmpty()) {
                dropReservation();
            }
            generation++;
        });
        return n -> anyMatches(gone, n);
    }

    /**
     * REGISTER AND MOVE (SPC-4 §5.13.8): the holder registers another I_T nexus and hands it the reservation,
     * unregistering itself when {@code unregister}.
     */
    synchronized void registerAndMove(ItNexus nexus, long key, long serviceActionKey, boolean unregister,
                                      boolean aptplBit, InitiatorPort destination, int relativeTargetPortId)
            throws ReservationConflict, CheckCondition {
        Registration own = registeredWithKey(nexus, key);
        if (type == null || type.allRegistrants() || !own.equals(holder)) {
            throw new ReservationConflict();
        }
        if (serviceActionKey == 0) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_PARAMETER_LIST.inParameterList(8));
        }
        if (destination.isid().isEmpty()) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_PARAMETER_LIST.inParameterList(24));
        }
        Registration moved = new Registration(destination, relativeTargetPortId, false, serviceActionKey);
        if (own.port().covers(destination) && (own.allTargetPorts()
                || own.relativeTargetPortId() == relativeTargetPortId)) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_PARAMETER_LIST.inParameterList(24));
        }
        checkAptpl(aptplBit);
        change(() -> {
            Registration existing = registrations.stream().filter(r -> r.sameRegistrant(moved)).findFirst()
                    .orElse(null);
            if (existing == null) {
                registrations.add(moved);
            } else {
                replace(existing, moved);
            }
            holder = moved;
            if (unregister) {
                registrations.remove(own);
            }
            generation++;
            aptpl = aptplBit;
        });
    }

    // ---- PERSISTENT RESERVE IN ---------------------------------------------------------------------------------

    /** A consistent copy of the state for PERSISTENT RESERVE IN. */
    synchronized Snapshot snapshot() {
        return new Snapshot(generation, List.copyOf(registrations), Optional.ofNullable(type),
                Optional.ofNullable(holder), aptpl);
    }

    /**
     * @param holder the holding registration of a non-all-registrants reservation
     */
    record Snapshot(int generation, List<Registration> registrations, Optional<ReservationType> type,
                    Optional<Registration> holder, boolean aptpl) {

        boolean holds(Registration r) {
            return type.isPresent() && (type.get().allRegistrants() || holder.isPresent() && holder.get().equals(r));
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private InitiatorPort port(ItNexus nexus) {
        return ports.computeIfAbsent(nexus, InitiatorPort::of);
    }

    private Registration registrationOf(InitiatorPort port, ItNexus nexus) {
        for (Registration r : registrations) {
            if (r.matches(port, nexus)) {
                return r;
            }
        }
        return null;
    }

    private boolean registered(ItNexus nexus) {
        return registrationOf(port(nexus), nexus) != null;
    }

    private boolean anyMatches(List<Registration> list, ItNexus nexus) {
        InitiatorPort port = port(nexus);
        return list.stream().anyMatch(r -> r.matches(port, nexus));
    }

    /** The nexus's registration, which must carry {@code key}; otherwise RESERVATION CONFLICT (SPC-4 §5.13.11). */
    private Registration registeredWithKey(ItNexus nexus, long key) throws ReservationConflict {
        Registration own = registrationOf(port(nexus), nexus);
        if (own == null || own.key() != key) {
            throw new ReservationConflict();
        }
        return own;
    }

    private boolean holds(Registration r) {
        return type != null && (type.allRegistrants() || r.equals(holder));
    }

    private void checkAptpl(boolean aptplBit) throws CheckCondition {
        if (aptplBit && !persistCapable) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_PARAMETER_LIST.inParameterList(20, 0));
        }
    }

    private void replace(Registration old, Registration updated) {
        registrations.set(registrations.indexOf(old), updated);
        if (old.equals(holder)) {
            holder = updated;
        }
    }

    /** Removes a registration; a holder leaving releases its reservation (SPC-4 §5.13.11.2.3). */
    private void unregister(Registration r, ItNexus by) {
        registrations.remove(r);
        if (type == null) {
            return;
        }
        if (type.allRegistrants() ? registrations.isEmpty() : r.equals(holder)) {
            ReservationType released = type;
            dropReservation();
            if (released.registrantsHaveAccess() && !released.allRegistrants()) {
                unitAttentions.establishWhere(n -> !n.equals(by) && registered(n), Sense.RESERVATIONS_RELEASED);
            }
        }
    }

    private void dropReservation() {
        type = null;
        holder = null;
        anyReservation = spc2Holder != null;
    }

    /**
     * Applies a change and persists the result when APTPL is (or was just) set; if the state cannot be written,
     * the change is undone and the command fails, so memory and disk never disagree.
     */
    private void change(Runnable mutation) throws CheckCondition {
        List<Registration> oldRegistrations = List.copyOf(registrations);
        ReservationType oldType = type;
        Registration oldHolder = holder;
        int oldGeneration = generation;
        boolean oldAptpl = aptpl;
        mutation.run();
        if (aptplFile.isEmpty() || !aptpl && !oldAptpl) {
            return;
        }
        try {
            if (aptpl) {
                aptplFile.get().save(new AptplFile.State(generation, registrations, Optional.ofNullable(type),
                        holder == null ? -1 : registrations.indexOf(holder)));
            } else {
                aptplFile.get().delete();
            }
        } catch (IOException e) {
            registrations.clear();
            registrations.addAll(oldRegistrations);
            type = oldType;
            holder = oldHolder;
            generation = oldGeneration;
            aptpl = oldAptpl;
            anyReservation = type != null || spc2Holder != null;
            System.getLogger(Reservations.class.getName()).log(System.Logger.Level.ERROR,
                    "cannot save persistent reservations to " + aptplFile.get().path(), e);
            throw new CheckCondition(Sense.INSUFFICIENT_REGISTRATION_RESOURCES);
        }
    }
}
