package io.jiet.server.session;

import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;

/**
 * A session's command numbering (RFC 7143 §4.2.2.1): non-immediate commands are delivered in CmdSN order, commands
 * outside [ExpCmdSN, MaxCmdSN] are silently ignored, and MaxCmdSN opens only as commands complete, so a slow
 * backstore slows the initiator instead of growing memory. Not thread-safe: owned by the session's event loop.
 *
 * @param <C> the queued command type
 */
final class CommandWindow<C> {

    /** What to do with an arriving non-immediate command. */
    enum Admission {
        DELIVER_NOW, QUEUED, OUTSIDE_WINDOW
    }

    private final int depth;
    private final Map<Integer, C> waiting = new HashMap<>();
    private int expCmdSN;
    private int maxCmdSN;
    private int unfinished;

    CommandWindow(int firstCmdSN, int depth) {
        this.depth = depth;
        this.expCmdSN = firstCmdSN;
        this.maxCmdSN = firstCmdSN + depth - 1;
    }

    int depth() {
        return depth;
    }

    int expCmdSN() {
        return expCmdSN;
    }

    int maxCmdSN() {
        return maxCmdSN;
    }

    /**
     * Admits a non-immediate command. DELIVER_NOW means the caller runs it and then calls {@link #drainReady()}
     * for commands that were waiting behind it.
     */
    Admission admit(int cmdSN, C command) {
        if (!SerialNumber.inWindow(cmdSN, expCmdSN, maxCmdSN)) {
            return Admission.OUTSIDE_WINDOW;
        }
        if (cmdSN == expCmdSN) {
            expCmdSN++;
            unfinished++;
            return Admission.DELIVER_NOW;
        }
        if (waiting.putIfAbsent(cmdSN, command) != null) {
            return Admission.OUTSIDE_WINDOW; // a duplicate CmdSN is ignored as well
        }
        return Admission.QUEUED;
    }

    /** Commands that became deliverable, in CmdSN order. */
    List<C> drainReady() {
        if (waiting.isEmpty()) {
            return List.of(); // the usual case: nothing was held, nothing to allocate
        }
        List<C> ready = new ArrayList<>();
        C next;
        while ((next = waiting.remove(expCmdSN)) != null) {
            ready.add(next);
            expCmdSN++;
            unfinished++;
        }
        return ready;
    }

    /** A delivered non-immediate command has finished: its slot in the window opens again. */
    void finished() {
        if (unfinished > 0) {
            unfinished--;
        }
        int candidate = expCmdSN - 1 + depth - unfinished;
        if (SerialNumber.compare(candidate, maxCmdSN) > 0) {
            maxCmdSN = candidate;
        }
    }

    /** Removes and returns every command still waiting for a gap to fill (session teardown). */
    List<C> discardWaiting() {
        List<C> dropped = new ArrayList<>(waiting.values());
        waiting.clear();
        return dropped;
    }

}
