package io.jiet.server.session;

import io.jiet.conf.TargetParameters;
import io.jiet.pdu.Pdu;
import io.jiet.pdu.AsyncMessage;
import io.jiet.pdu.DataOut;
import io.jiet.pdu.InitiatorPdu;
import io.jiet.pdu.LoginRequest;
import io.jiet.pdu.LogoutRequest;
import io.jiet.pdu.LogoutResponse;
import io.jiet.pdu.NopIn;
import io.jiet.pdu.NopOut;
import io.jiet.pdu.Reject;
import io.jiet.pdu.ScsiCommand;
import io.jiet.pdu.SnackRequest;
import io.jiet.pdu.TaskManagementRequest;
import io.jiet.pdu.TextRequest;
import io.jiet.scsi.ItNexus;
import io.jiet.server.login.NegotiatedParameters;
import io.jiet.server.login.SessionType;
import io.jiet.server.target.IscsiTarget;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An iSCSI session in full-feature phase (RFC 7143 §4): one or more connections (MC/S), command ordering by CmdSN
 * across them, NOP, text, logout and task management; SCSI commands are handed to {@link ScsiCommandFlow}. All
 * state lives on the session's home event loop (its leading connection's); other connections hand their PDUs over
 * with {@link #receive}.
 */
public final class Session {

    private static final Logger log = LoggerFactory.getLogger(Session.class);
    /** Logout reason codes and responses, RFC 7143 §11.14.5 and §11.15.1. */
    private static final int CLOSE_SESSION = 0;
    private static final int CLOSE_CONNECTION = 1;
    private static final int LOGOUT_SUCCESS = 0;
    private static final int LOGOUT_CID_NOT_FOUND = 1;
    private static final int LOGOUT_RECOVERY_NOT_SUPPORTED = 2;
    /** AsyncEvent "target requests logout", RFC 7143 §11.9.1. */
    private static final int LOGOUT_REQUESTED = 1;

    private final SessionKey key;
    private final int tsih;
    private final SessionType type;
    private final IscsiTarget target;
    private final NegotiatedParameters parameters;
    private final EventLoop home;
    private final CommandWindow<Arrival> window;
    private final TextExchange text;
    private final ScsiCommandFlow commands;
    private final TaskManagement taskManagement;
    private final SessionRegistry registry;
    private final Map<Integer, SessionConnection> connections = new ConcurrentHashMap<>();
    private final Map<Integer, NopPinger> pingers = new ConcurrentHashMap<>();
    /** Tags and CmdSNs of commands aborted before they arrived or were delivered (RFC 7143 §11.5.1). */
    private final Set<Integer> abortedBeforeDelivery = new LinkedHashSet<>();
    private volatile boolean closed;

    Session(SessionKey key, int tsih, SessionType type, IscsiTarget target, NegotiatedParameters parameters,
            int firstCmdSN, ItNexus nexus, TextExchange text, SessionRegistry registry, EventLoop home) {
        this.key = key;
        this.tsih = tsih;
        this.type = type;
        this.target = target;
        this.parameters = parameters;
        this.text = text;
        this.registry = registry;
        this.home = home;
        int depth = (target != null ? target.parameters() : TargetParameters.IET_DEFAULTS).queuedCommands();
        this.window = new CommandWindow<>(firstCmdSN, depth);
        this.commands = target != null ? new ScsiCommandFlow(this, target, nexus) : null;
        this.taskManagement = target != null ? new TaskManagement(this, target, registry) : null;
    }

    public int tsih() {
        return tsih;
    }

    public SessionKey key() {
        return key;
    }

    public SessionType type() {
        return type;
    }

    public IscsiTarget target() {
        return target;
    }

    /** The session-wide parameters negotiated by the leading login. */
    public NegotiatedParameters parameters() {
        return parameters;
    }

    public int expCmdSN() {
        return window.expCmdSN();
    }

    public int maxCmdSN() {
        return window.maxCmdSN();
    }

    public boolean closed() {
        return closed;
    }

    public int connectionCount() {
        return connections.size();
    }

    /** Whether a login may add (or, for a known CID, reinstate) a connection (RFC 7143 §6.3.4, §13.2). */
    public boolean accepts(int cid) {
        return !closed && (connections.containsKey(cid) || connections.size() < parameters.maxConnections());
    }

    ScsiCommandFlow commands() {
        return commands;
    }

    void runOnHome(Runnable action) {
        if (home.inEventLoop()) {
            action.run();
        } else {
            home.execute(action);
        }
    }

    /** Adds a connection after its login; one with the same CID is replaced (connection reinstatement). */
    public void attach(SessionConnection connection) {
        runOnHome(() -> {
            if (closed) {
                connection.close();
                return;
            }
            SessionConnection old = connections.put(connection.cid(), connection);
            if (old != null && old != connection) {
                log.info("{}: connection {} reinstated", this, connection.cid());
                dropConnection(old);
            }
            if (target != null && target.parameters().nopInterval() > 0) {
                NopPinger pinger = new NopPinger(this, connection, target.parameters().nopInterval(),
                        target.parameters().nopTimeout());
                NopPinger previous = pingers.put(connection.cid(), pinger);
                if (previous != null) {
                    previous.stop();
                }
                pinger.start();
            }
        });
    }

    /** Hands a PDU from one of the session's connections to the home loop; the session takes ownership. */
    public void receive(SessionConnection from, InitiatorPdu pdu) {
        if (home.inEventLoop()) {
            onPdu(from, pdu);
        } else {
            home.execute(() -> onPdu(from, pdu));
        }
    }

    private void onPdu(SessionConnection from, InitiatorPdu pdu) {
        if (closed || connections.get(from.cid()) != from) {
            pdu.release();
            return;
        }
        switch (pdu) {
            case DataOut dataOut -> {
                try {
                    if (commands != null) {
                        commands.onDataOut(from, dataOut);
                    } else {
                        reject(from, dataOut, Reject.PROTOCOL_ERROR);
                    }
                } finally {
                    dataOut.release();
                }
            }
            case SnackRequest snack -> {
                // ErrorRecoveryLevel 0: no SNACK support (RFC 7143 §7.1.5, §11.16).
                reject(from, snack, Reject.PROTOCOL_ERROR);
                snack.release();
            }
            case LoginRequest login -> {
                reject(from, login, Reject.PROTOCOL_ERROR);
                login.release();
            }
            default -> ordered(from, pdu);
        }
        from.flush();
    }

    private void ordered(SessionConnection from, InitiatorPdu pdu) {
        if (pdu.immediate()) {
            deliver(from, pdu, false);
            return;
        }
        switch (window.admit(cmdSN(pdu), new Arrival(from, pdu))) {
            case DELIVER_NOW -> {
                deliver(from, pdu, true);
                for (Arrival next : window.drainReady()) {
                    deliver(next.connection, next.pdu, true);
                }
            }
            case QUEUED -> {
                // Held until the gap before it fills; the window owns it now.
            }
            case OUTSIDE_WINDOW -> {
                // RFC 7143 §4.2.2.1: a non-immediate command outside [ExpCmdSN, MaxCmdSN] is silently ignored.
                log.debug("{}: ignoring CmdSN {} outside [{}, {}]", this, cmdSN(pdu), window.expCmdSN(),
                        window.maxCmdSN());
                pdu.release();
            }
        }
    }

    private void deliver(SessionConnection from, InitiatorPdu pdu, boolean counted) {
        try {
            if (pdu instanceof ScsiCommand && abortedBeforeDelivery.remove(pdu.initiatorTaskTag())) {
                finished(counted); // aborted while it waited for its turn: consumed, never run
                return;
            }
            if (connections.get(from.cid()) != from) {
                finished(counted); // its connection is gone, and with it the command's allegiance
                return;
            }
            switch (pdu) {
                case ScsiCommand command -> {
                    if (commands == null) {
                        // RFC 7143 §4.3: a discovery session carries only Text and Logout requests.
                        reject(from, command, Reject.PROTOCOL_ERROR);
                        finished(counted);
                    } else {
                        commands.start(from, command, counted);
                    }
                }
                // These complete as they are answered: their window slot reopens before the answer carries
                // MaxCmdSN, so a response never shows a closed window.
                case NopOut nop -> {
                    finished(counted);
                    answerNop(from, nop);
                }
                case TextRequest request -> {
                    finished(counted);
                    text.onRequest(request, this, from);
                }
                case LogoutRequest logout -> {
                    finished(counted);
                    logout(from, logout);
                }
                case TaskManagementRequest tmf -> {
                    finished(counted);
                    if (taskManagement == null) {
                        reject(from, tmf, Reject.PROTOCOL_ERROR);
                    } else {
                        taskManagement.handle(from, tmf);
                    }
                }
                default -> {
                    finished(counted);
                    reject(from, pdu, Reject.PROTOCOL_ERROR);
                }
            }
        } finally {
            pdu.release();
        }
    }

    /** A delivered non-immediate command has finished: its window slot opens again. */
    void finished(boolean counted) {
        if (counted) {
            window.finished();
        }
    }

    private static int cmdSN(InitiatorPdu pdu) {
        return switch (pdu) {
            case ScsiCommand c -> c.cmdSN();
            case NopOut n -> n.cmdSN();
            case TextRequest t -> t.cmdSN();
            case LogoutRequest l -> l.cmdSN();
            case TaskManagementRequest t -> t.cmdSN();
            default -> 0;
        };
    }

    /**
     * ABORT TASK for a command the target has not delivered yet: one waiting in the window for an earlier CmdSN,
     * or one whose RefCmdSN is inside the window but has not arrived (RFC 7143 §11.5.1). Returns whether it applies.
     */
    boolean abortBeforeDelivery(int initiatorTaskTag, int refCmdSN) {
        if (!SerialNumber.inWindow(refCmdSN, window.expCmdSN(), window.maxCmdSN())) {
            return false;
        }
        abortedBeforeDelivery.add(initiatorTaskTag);
        if (abortedBeforeDelivery.size() > window.depth()) {
            // An abort for a command that never came: forget the oldest, the window has moved past it.
            abortedBeforeDelivery.remove(abortedBeforeDelivery.iterator().next());
        }
        return true;
    }

    private record Arrival(SessionConnection connection, InitiatorPdu pdu) {
    }

    // ---- NOP, logout, reject -------------------------------------------------------------------------------

    private void answerNop(SessionConnection from, NopOut nop) {
        if (nop.initiatorTaskTag() == Pdu.RESERVED_TAG) {
            // A reply to our own ping, or a ping that wants no answer (RFC 7143 §11.18.5).
            NopPinger pinger = pingers.get(from.cid());
            if (pinger != null) {
                pinger.answered(nop.targetTransferTag());
            }
            return;
        }
        from.send(new NopIn(nop.lun(), nop.initiatorTaskTag(), Pdu.RESERVED_TAG, from.takeStatSN(),
                window.expCmdSN(), window.maxCmdSN(), nop.data().retainedSlice()));
    }

    /** Sends a ping NOP-In (RFC 7143 §11.19: ITT reserved, StatSN not advanced) and returns its tag. */
    int sendPing(SessionConnection connection) {
        int tag = commands != null ? commands.nextTargetTransferTag() : 1;
        connection.send(new NopIn(0, Pdu.RESERVED_TAG, tag, connection.currentStatSN(), window.expCmdSN(),
                window.maxCmdSN(), Unpooled.EMPTY_BUFFER));
        connection.flush();
        return tag;
    }

    void pingTimedOut(SessionConnection connection) {
        log.warn("{}: connection {} left a NOP-In unanswered for NOPTimeout; dropping it", this, connection.cid());
        connection.close();
    }

    private void logout(SessionConnection from, LogoutRequest logout) {
        int reason = logout.reasonCode() & 0x7f;
        SessionConnection closing = reason == CLOSE_CONNECTION ? connections.get(logout.cid()) : from;
        int response = switch (reason) {
            case CLOSE_SESSION -> LOGOUT_SUCCESS;
            case CLOSE_CONNECTION -> closing == null ? LOGOUT_CID_NOT_FOUND : LOGOUT_SUCCESS;
            default -> LOGOUT_RECOVERY_NOT_SUPPORTED; // reason 2 needs ErrorRecoveryLevel 2
        };
        from.send(new LogoutResponse(response, logout.initiatorTaskTag(), from.takeStatSN(), window.expCmdSN(),
                window.maxCmdSN(), 0, 0, Unpooled.EMPTY_BUFFER));
        if (response != LOGOUT_SUCCESS) {
            return;
        }
        log.info("logout: {} ({})", this, reason == CLOSE_SESSION ? "session" : "connection " + logout.cid());
        if (reason == CLOSE_SESSION) {
            from.closeAfterFlush();
            close();
        } else if (closing == from) {
            from.closeAfterFlush();
            dropConnection(from);
        } else {
            dropConnection(closing);
        }
    }

    /** Sends a Reject carrying the offending PDU's header (RFC 7143 §11.17). */
    void reject(SessionConnection on, InitiatorPdu pdu, int reason) {
        rejectHeader(on, RejectedHeader.of(pdu), reason);
    }

    /** Sends a Reject for a PDU that could not be decoded, given its raw 48-byte header. Any thread. */
    public void rejectHeader(SessionConnection on, byte[] header, int reason) {
        runOnHome(() -> {
            if (closed) {
                return;
            }
            on.send(new Reject(reason, on.takeStatSN(), window.expCmdSN(), window.maxCmdSN(), 0,
                    Unpooled.wrappedBuffer(header)));
            on.flush();
        });
    }

    /**
     * Asks the initiator to log out within {@code seconds} (Async Message event 1, RFC 7143 §11.9.1), as before a
     * planned shutdown. Any thread.
     */
    public void requestLogout(int seconds) {
        runOnHome(() -> {
            for (SessionConnection c : connections.values()) {
                c.send(new AsyncMessage(0, c.takeStatSN(), window.expCmdSN(), window.maxCmdSN(), LOGOUT_REQUESTED, 0,
                        0, 0, seconds, Unpooled.EMPTY_BUFFER));
                c.flush();
            }
        });
    }

    // ---- connections and lifecycle -------------------------------------------------------------------------

    /** A connection went away. The session lives on while it has others (RFC 7143 §6.1.1); tasks allegiant to the
     *  lost connection are gone with it at ErrorRecoveryLevel 0. Any thread. */
    public void connectionLost(SessionConnection lost) {
        runOnHome(() -> {
            if (connections.get(lost.cid()) == lost) {
                dropConnection(lost);
            }
        });
    }

    private void dropConnection(SessionConnection connection) {
        connections.remove(connection.cid(), connection);
        NopPinger pinger = pingers.get(connection.cid());
        if (pinger != null && pinger.connection() == connection) {
            pingers.remove(connection.cid());
            pinger.stop();
        }
        if (commands != null) {
            commands.abort(task -> task.connection == connection, false, null);
        }
        connection.close();
        if (connections.isEmpty()) {
            close();
        }
    }

    /** Ends the session: queued commands are dropped, running ones complete silently. Home loop only. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        registry.remove(this);
        pingers.values().forEach(NopPinger::stop);
        pingers.clear();
        for (Arrival queued : window.discardWaiting()) {
            queued.pdu.release();
        }
        if (commands != null) {
            commands.abortAll();
            target.device().itNexusLost(commands.nexus()); // the SAM-5 I_T nexus loss event
        }
        text.releasePending();
        List<SessionConnection> open = new ArrayList<>(connections.values());
        connections.clear();
        open.forEach(SessionConnection::close);
        log.info("session {} closed", this);
    }

    /** Closes the session from any thread, on its home loop. */
    public void closeFromAnyThread() {
        runOnHome(this::close);
    }

    @Override
    public String toString() {
        return key + " tsih=" + tsih;
    }
}
