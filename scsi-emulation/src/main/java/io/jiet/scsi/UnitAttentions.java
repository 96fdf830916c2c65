package io.jiet.scsi;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The unit attention conditions of one logical unit, kept per I_T nexus (SAM-5 §5.14, "unit attention
 * condition"). A nexus is known from its first command until {@link #forget} (I_T nexus loss);
 * conditions "for all I_T nexuses" go to every known nexus. A brand-new nexus starts without a condition: a new
 * iSCSI session is not a reset, and hosts that log in do not expect one (LIO behaves the same).
 * <p>
 * Each nexus queues at most {@link #QUEUE_LIMIT} distinct conditions, oldest reported first; a condition already
 * queued is not queued twice (SAM-5 allows the device server to coalesce them).
 * <p>
 * Threading: thread-safe. The command path ({@link #take}) costs one map lookup and a volatile read when nothing
 * is pending; the queues change only under this object's monitor.
 */
public final class UnitAttentions {

    static final int QUEUE_LIMIT = 8;

    private final Map<ItNexus, Deque<Sense>> byNexus = new ConcurrentHashMap<>();
    private volatile int pendingTotal;

    /** Notes that {@code nexus} exists, so that later conditions for all nexuses reach it. */
    public void seen(ItNexus nexus) {
        byNexus.computeIfAbsent(nexus, n -> new ArrayDeque<>());
    }

    /** Whether any nexus has a pending condition (cheap; for the command path). */
    public boolean anyPending() {
        return pendingTotal > 0;
    }

    /** The oldest pending condition of {@code nexus}, removed (reported conditions are cleared, SAM-5 §5.14). */
    public Optional<Sense> take(ItNexus nexus) {
        Deque<Sense> queue = byNexus.computeIfAbsent(nexus, n -> new ArrayDeque<>());
        if (pendingTotal == 0) {
            return Optional.empty();
        }
        synchronized (this) {
            Sense sense = queue.pollFirst();
            if (sense != null) {
                pendingTotal--;
            }
            return Optional.ofNullable(sense);
        }
    }

    /** The oldest pending condition of {@code nexus}, left pending. */
    public Optional<Sense> peek(ItNexus nexus) {
        Deque<Sense> queue = byNexus.get(nexus);
        if (queue == null) {
            return Optional.empty();
        }
        synchronized (this) {
            return Optional.ofNullable(queue.peekFirst());
        }
    }

    /** Establishes {@code sense} for {@code nexus} (known or not). */
    public synchronized void establish(ItNexus nexus, Sense sense) {
        add(byNexus.computeIfAbsent(nexus, n -> new ArrayDeque<>()), sense);
    }

    /** Establishes {@code sense} for every known nexus. */
    public synchronized void establishForAll(Sense sense) {
        byNexus.values().forEach(queue -> add(queue, sense));
    }

    /** Establishes {@code sense} for every known nexus except {@code except}. */
    public synchronized void establishForOthers(ItNexus except, Sense sense) {
        byNexus.forEach((nexus, queue) -> {
            if (!nexus.equals(except)) {
                add(queue, sense);
            }
        });
    }

    /** Establishes {@code sense} for every known nexus that {@code which} accepts. */
    public synchronized void establishWhere(java.util.function.Predicate<ItNexus> which, Sense sense) {
        byNexus.forEach((nexus, queue) -> {
            if (which.test(nexus)) {
                add(queue, sense);
            }
        });
    }

    /** Removes pending conditions of {@code nexus} with the code of {@code sense} (e.g. REPORT LUNS, SPC-4 §6.33). */
    public synchronized void clear(ItNexus nexus, Sense sense) {
        Deque<Sense> queue = byNexus.get(nexus);
        if (queue != null) {
            int before = queue.size();
            queue.removeIf(s -> s.sameCode(sense));
            pendingTotal -= before - queue.size();
        }
    }

    /** Drops everything known about {@code nexus}: its I_T nexus is gone. */
    public synchronized void forget(ItNexus nexus) {
        Deque<Sense> queue = byNexus.remove(nexus);
        if (queue != null) {
            pendingTotal -= queue.size();
            queue.clear();
        }
    }

    /** Caller holds this object's monitor. */
    private void add(Deque<Sense> queue, Sense sense) {
        if (queue.size() < QUEUE_LIMIT && queue.stream().noneMatch(s -> s.sameCode(sense))) {
            queue.addLast(sense);
            pendingTotal++;
        }
    }
}
