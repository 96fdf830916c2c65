package io.jiet.server.session;

import io.jiet.scsi.ItNexus;
import io.jiet.scsi.LogicalUnitNumber;
import io.jiet.scsi.TaskAborter;
import io.jiet.server.login.NegotiatedParameters;
import io.jiet.server.login.SessionType;
import io.jiet.server.target.IscsiTarget;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every live session of the daemon, by TSIH and by reinstatement key. Thread-safe: connections on different event
 * loops log in concurrently; each session's own state stays on its connection's loop.
 */
public final class SessionRegistry {

    private static final Logger log = LoggerFactory.getLogger(SessionRegistry.class);
    /** A home loop that has not marked its tasks by then is stuck; the PR OUT completes anyway. */
    private static final long ABORT_MARK_TIMEOUT_SECONDS = 5;

    private final Map<Integer, Session> byTsih = new HashMap<>();
    private final Map<SessionKey, Session> byKey = new HashMap<>();
    private final SendTargetsDirectory directory;
    private int lastTsih;

    public SessionRegistry(SendTargetsDirectory directory) {
        this.directory = directory;
    }

    /**
     * Creates a session for a completed leading login. An existing session with the same initiator, ISID and
     * target is reinstated: it is closed first (RFC 7143 §6.3.5).
     */
    public Session open(SessionKey key, SessionType type, IscsiTarget target, NegotiatedParameters parameters,
                        int firstCmdSN, int portalGroupTag, int relativeTargetPortId, EventLoop home) {
        Session replaced;
        Session created;
        synchronized (this) {
            replaced = byKey.remove(key);
            if (replaced != null) {
                byTsih.remove(replaced.tsih());
            }
            int tsih = allocateTsih();
            String targetPort = target == null ? "" : target.name() + ",t,0x"
                    + String.format("%04x", portalGroupTag);
            // The iSCSI target port name is the target name plus ",t,0x" and its portal group tag (RFC 7143).
            ItNexus nexus = new ItNexus(key.initiatorPortName(), targetPort, relativeTargetPortId, portalGroupTag);
            created = new Session(key, tsih, type, target, parameters, firstCmdSN, nexus,
                    new TextExchange(directory, target), this, home);
            byTsih.put(tsih, created);
            byKey.put(key, created);
        }
        if (target != null) {
            target.device().setTaskAborter(aborterFor(target)); // idempotent; covers targets added at run time
        }
        if (replaced != null) {
            replaced.closeFromAnyThread();
        }
        return created;
    }

    public synchronized Optional<Session> findByTsih(int tsih) {
        return Optional.ofNullable(byTsih.get(tsih));
    }

    synchronized void remove(Session session) {
        byTsih.remove(session.tsih(), session);
        byKey.remove(session.key(), session);
    }

    /**
     * How the device server aborts tasks of other I_T nexuses (PREEMPT AND ABORT, SPC-4 §5.13.11.4.4): each
     * matching session aborts its tasks for the LUN on its own loop, with TASK ABORTED where TAS asks for it.
     */
    /**
     * PREEMPT AND ABORT's aborter (SPC-4 §5.13.11.4.4). It returns once every preempted session's home loop has
     * marked its tasks aborted (not once they finished), so the PERSISTENT RESERVE OUT completes after the abort
     * and a command those initiators send later is never swallowed by it. Called on a worker; a session on the
     * calling thread's own loop is handled inline, so the wait cannot deadlock on it.
     */
    private TaskAborter aborterFor(IscsiTarget target) {
        return (lun, whose) -> {
            long field = LogicalUnitNumber.encode(lun);
            List<Session> preempted = new ArrayList<>();
            for (Session session : sessionsOf(target)) {
                if (session.commands() != null && whose.test(session.commands().nexus())) {
                    preempted.add(session);
                }
            }
            CountDownLatch marked = new CountDownLatch(preempted.size());
            for (Session session : preempted) {
                session.runOnHome(() -> {
                    try {
                        session.commands().abort(task -> task.command.lun() == field, true, null);
                    } finally {
                        marked.countDown();
                    }
                });
            }
            try {
                if (!marked.await(ABORT_MARK_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    log.warn("target {}: preempted sessions did not mark their tasks aborted within {} s",
                            target.name(), ABORT_MARK_TIMEOUT_SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    /** The live sessions of one target. */
    public synchronized List<Session> sessionsOf(IscsiTarget target) {
        List<Session> out = new ArrayList<>();
        for (Session s : byTsih.values()) {
            if (s.target() == target) {
                out.add(s);
            }
        }
        return out;
    }

    public synchronized List<Session> all() {
        return new ArrayList<>(byTsih.values());
    }

    /** RFC 7143 §11.12.4: TSIH 0 is reserved for leading logins. */
    private int allocateTsih() {
        do {
            lastTsih = (lastTsih % 0xffff) + 1;
        } while (byTsih.containsKey(lastTsih));
        return lastTsih;
    }
}
