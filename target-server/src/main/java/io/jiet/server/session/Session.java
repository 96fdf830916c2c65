package io.jiet.server.session;

import io.jiet.conf.TargetParameters;
import io.jiet.pdu.DataIn;
import io.jiet.pdu.DataOut;
import io.jiet.pdu.InitiatorPdu;
import io.jiet.pdu.LoginRequest;
import io.jiet.pdu.LogoutRequest;
import io.jiet.pdu.LogoutResponse;
import io.jiet.pdu.NopIn;
import io.jiet.pdu.NopOut;
import io.jiet.pdu.ReadyToTransfer;
import io.jiet.pdu.Reject;
import io.jiet.pdu.ScsiCommand;
import io.jiet.pdu.ScsiResponse;
import io.jiet.pdu.SenseSegment;
import io.jiet.pdu.SnackRequest;
import io.jiet.pdu.TaskManagementRequest;
import io.jiet.pdu.TaskManagementResponse;
import io.jiet.pdu.TextRequest;
import io.jiet.scsi.ItNexus;
import io.jiet.scsi.ScsiRequest;
import io.jiet.scsi.ScsiResult;
import io.jiet.scsi.ScsiStatus;
import io.jiet.server.login.NegotiatedParameters;
import io.jiet.server.login.SessionType;
import io.jiet.server.target.IscsiTarget;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An iSCSI session in full-feature phase (RFC 7143 §4): command ordering, SCSI command data flow (immediate data,
 * unsolicited Data-Out, R2T), Data-In and status, NOP, text and logout. All state is confined to the event loop
 * of the session's connection; SCSI execution runs on the target's workers and hops back to that loop.
 */
public final class Session {

    private static final Logger log = LoggerFactory.getLogger(Session.class);
    private static final int RESERVED_TAG = 0xffffffff;
    /** Largest data-out one command may carry; bigger writes are refused before any buffer is allocated. */
    static final int MAX_COMMAND_DATA_OUT = 32 * 1024 * 1024;
    /** Response code "Command Completed at Target", RFC 7143 §11.4.3. */
    private static final int COMMAND_COMPLETED_AT_TARGET = 0x00;
    /** Task management response "Function rejected", RFC 7143 §11.6.1. */
    private static final int TMF_FUNCTION_REJECTED = 0xff;

    private final SessionKey key;
    private final int tsih;
    private final SessionType type;
    private final IscsiTarget target;
    private final NegotiatedParameters parameters;
    private final ItNexus nexus;
    private final CommandWindow<InitiatorPdu> window;
    private final TextExchange text;
    private final Map<Integer, ScsiTask> tasks = new HashMap<>();
    private final SessionRegistry registry;
    private SessionConnection connection;
    private final NopPinger pinger;
    private int nextTargetTransferTag = 1;
    private boolean closed;

    Session(SessionKey key, int tsih, SessionType type, IscsiTarget target, NegotiatedParameters parameters,
            int firstCmdSN, ItNexus nexus, TextExchange text, SessionRegistry registry) {
        this.key = key;
        this.tsih = tsih;
        this.type = type;
        this.target = target;
        this.parameters = parameters;
        this.nexus = nexus;
        this.text = text;
        this.registry = registry;
        int depth = (target != null ? target.parameters() : TargetParameters.IET_DEFAULTS).queuedCommands();
        this.window = new CommandWindow<>(firstCmdSN, depth);
        this.pinger = target != null && target.parameters().nopInterval() > 0
                ? new NopPinger(this, target.parameters().nopInterval(), target.parameters().nopTimeout()) : null;
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

    public NegotiatedParameters parameters() {
        return parameters;
    }

    public int expCmdSN() {
        return window.expCmdSN();
    }

    public int maxCmdSN() {
        return window.maxCmdSN();
    }

    /** Binds the session's (single) connection; a reinstated connection replaces the previous one. */
    public void attach(SessionConnection newConnection) {
        SessionConnection old = this.connection;
        this.connection = newConnection;
        if (old != null && old != newConnection) {
            old.close();
        }
        if (pinger != null) {
            pinger.start(newConnection);
        }
    }

    /** Sends a ping NOP-In (RFC 7143 §11.19: ITT reserved, StatSN not advanced) and returns its tag. */
    int sendPing() {
        int tag = nextTargetTransferTag();
        connection.send(new NopIn(0, RESERVED_TAG, tag, connection.currentStatSN(), window.expCmdSN(),
                window.maxCmdSN(), Unpooled.EMPTY_BUFFER));
        connection.flush();
        return tag;
    }

    void pingTimedOut() {
        log.warn("{}: no answer to a NOP-In within NOPTimeout; dropping the connection", this);
        connection.close();
    }

    /** Takes ownership of {@code pdu} and handles it. Call only from the connection's event loop. */
    public void onPdu(SessionConnection from, InitiatorPdu pdu) {
        if (closed || from != connection) {
            pdu.release();
            return;
        }
        switch (pdu) {
            case DataOut dataOut -> {
                try {
                    onDataOut(dataOut);
                } finally {
                    dataOut.release();
                }
            }
            case SnackRequest snack -> {
                // ErrorRecoveryLevel 0: no SNACK support (RFC 7143 §7.1.5, §11.16).
                reject(snack, Reject.PROTOCOL_ERROR);
                snack.release();
            }
            case LoginRequest login -> {
                reject(login, Reject.PROTOCOL_ERROR);
                login.release();
            }
            default -> ordered(pdu);
        }
        connection.flush();
    }

    private void ordered(InitiatorPdu pdu) {
        if (pdu.immediate()) {
            deliver(pdu, false);
            return;
        }
        switch (window.admit(cmdSN(pdu), pdu)) {
            case DELIVER_NOW -> {
                deliver(pdu, true);
                for (InitiatorPdu next : window.drainReady()) {
                    deliver(next, true);
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

    private void deliver(InitiatorPdu pdu, boolean counted) {
        try {
            switch (pdu) {
                case ScsiCommand command -> startCommand(command, counted);
                // These complete as they are answered: their window slot reopens before the answer carries
                // MaxCmdSN, so a response never shows a closed window.
                case NopOut nop -> {
                    finishedUncounted(counted);
                    answerNop(nop);
                }
                case TextRequest request -> {
                    finishedUncounted(counted);
                    text.onRequest(request, this, connection);
                }
                case LogoutRequest logout -> {
                    finishedUncounted(counted);
                    logout(logout);
                }
                case TaskManagementRequest tmf -> {
                    finishedUncounted(counted);
                    answerTaskManagement(tmf);
                }
                default -> reject(pdu, Reject.PROTOCOL_ERROR);
            }
        } finally {
            pdu.release();
        }
    }

    private void finishedUncounted(boolean counted) {
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

    // ---- SCSI commands -------------------------------------------------------------------------------------

    private void startCommand(ScsiCommand command, boolean counted) {
        if (type == SessionType.DISCOVERY) {
            // RFC 7143 §4.3: a discovery session carries only Text and Logout requests.
            reject(command, Reject.PROTOCOL_ERROR);
            finishedUncounted(counted);
            return;
        }
        if (tasks.containsKey(command.initiatorTaskTag())) {
            reject(command, Reject.TASK_IN_PROGRESS);
            finishedUncounted(counted);
            return;
        }
        int expected = command.expectedDataTransferLength();
        int immediateLength = command.data().readableBytes();
        boolean unsolicitedFollows = command.write() && !command.finalFlag();
        if (immediateLength > 0 && (!command.write() || !parameters.immediateData()
                || immediateLength > parameters.firstBurstLength()
                || Integer.compareUnsigned(immediateLength, expected) > 0)
                || unsolicitedFollows && parameters.initialR2T()) {
            // RFC 7143 §4.2.5.1 / §13.10–13.11: data the negotiation did not allow.
            reject(command, Reject.PROTOCOL_ERROR);
            finishedUncounted(counted);
            return;
        }
        ScsiCommand header = withoutData(command);
        if (!command.write() || expected == 0) {
            ScsiTask task = new ScsiTask(header, counted, null);
            tasks.put(command.initiatorTaskTag(), task);
            execute(task);
            return;
        }
        if (Integer.compareUnsigned(expected, MAX_COMMAND_DATA_OUT) > 0) {
            ScsiTask refused = new ScsiTask(header, counted, null);
            complete(refused, ScsiResult.checkCondition(TransportSense.invalidFieldInCdb()));
            return;
        }
        ByteBuf buffer = connection.alloc().directBuffer(expected, expected);
        buffer.writerIndex(expected);
        buffer.setBytes(0, command.data(), command.data().readerIndex(), immediateLength);
        ScsiTask task = new ScsiTask(header, counted, buffer);
        task.received = immediateLength;
        task.unsolicitedSequenceOpen = unsolicitedFollows;
        task.unsolicitedLimit = unsolicitedFollows ? Math.min(parameters.firstBurstLength(), expected)
                : immediateLength;
        task.nextR2TOffset = immediateLength;
        tasks.put(command.initiatorTaskTag(), task);
        continueWrite(task);
    }

    /** The command's header fields only: its immediate data has been copied, so its buffer can go back. */
    private static ScsiCommand withoutData(ScsiCommand c) {
        return new ScsiCommand(c.immediate(), c.finalFlag(), c.read(), c.write(), c.taskAttributes(), c.lun(),
                c.initiatorTaskTag(), c.expectedDataTransferLength(), c.cmdSN(), c.expStatSN(), c.cdb(),
                c.bidirectionalReadLength(), Unpooled.EMPTY_BUFFER);
    }

    private void continueWrite(ScsiTask task) {
        if (task.allDataReceived() && task.r2tsByTag.isEmpty() && !task.unsolicitedSequenceOpen) {
            execute(task);
        } else if (!task.unsolicitedSequenceOpen) {
            sendR2Ts(task);
        }
    }

    private void onDataOut(DataOut dataOut) {
        ScsiTask task = tasks.get(dataOut.initiatorTaskTag());
        if (task == null || task.dataOut == null || task.executing) {
            // Data for a task this connection does not know (RFC 7143 §11.17.1: invalid PDU field).
            reject(dataOut, Reject.INVALID_PDU_FIELD);
            return;
        }
        int length = dataOut.data().readableBytes();
        int offset = dataOut.bufferOffset();
        if (offset < 0 || length > task.expectedLength() - offset) {
            abandon(task, dataOut);
            return;
        }
        if (dataOut.targetTransferTag() == RESERVED_TAG) {
            if (!task.unsolicitedSequenceOpen || offset != task.received || offset + length > task.unsolicitedLimit
                    || dataOut.dataSN() != task.unsolicitedDataSN) {
                abandon(task, dataOut);
                return;
            }
            task.unsolicitedDataSN++;
            copyInto(task, dataOut, offset, length);
            if (dataOut.finalFlag() || task.received == task.unsolicitedLimit) {
                task.unsolicitedSequenceOpen = false;
                task.nextR2TOffset = task.received;
            }
        } else {
            ScsiTask.OutstandingR2T r2t = task.r2tsByTag.get(dataOut.targetTransferTag());
            if (r2t == null || offset != r2t.nextOffset || offset + length > r2t.end()
                    || dataOut.dataSN() != r2t.nextDataSN) {
                abandon(task, dataOut);
                return;
            }
            r2t.nextDataSN++;
            r2t.nextOffset += length;
            copyInto(task, dataOut, offset, length);
            if (r2t.nextOffset == r2t.end()) {
                task.r2tsByTag.remove(r2t.targetTransferTag);
            }
        }
        continueWrite(task);
    }

    /**
     * A Data-Out that breaks the sequence rules (offset, length, DataSN, TTT). At ErrorRecoveryLevel 0 there is no
     * within-command recovery (RFC 7143 §7.1.5): the PDU is rejected, which fails the task at the initiator, and the
     * task is dropped here so its buffer and window slot do not linger.
     */
    private void abandon(ScsiTask task, DataOut dataOut) {
        reject(dataOut, Reject.PROTOCOL_ERROR);
        tasks.remove(task.command.initiatorTaskTag(), task);
        task.releaseData();
        if (task.countsInWindow) {
            window.finished();
        }
    }

    private static void copyInto(ScsiTask task, DataOut dataOut, int offset, int length) {
        task.dataOut.setBytes(offset, dataOut.data(), dataOut.data().readerIndex(), length);
        task.received += length;
    }

    /** Sends R2Ts up to MaxOutstandingR2T, each at most MaxBurstLength (RFC 7143 §11.8). */
    private void sendR2Ts(ScsiTask task) {
        int expected = task.expectedLength();
        while (task.r2tsByTag.size() < parameters.maxOutstandingR2T() && task.nextR2TOffset < expected) {
            int length = Math.min(parameters.maxBurstLength(), expected - task.nextR2TOffset);
            int tag = nextTargetTransferTag();
            ScsiTask.OutstandingR2T r2t = new ScsiTask.OutstandingR2T(tag, task.nextR2TOffset, length);
            task.r2tsByTag.put(tag, r2t);
            connection.send(new ReadyToTransfer(task.command.lun(), task.command.initiatorTaskTag(), tag,
                    connection.currentStatSN(), window.expCmdSN(), window.maxCmdSN(), task.nextR2TSN++,
                    task.nextR2TOffset, length, Unpooled.EMPTY_BUFFER));
            task.nextR2TOffset += length;
        }
    }

    private int nextTargetTransferTag() {
        int tag = nextTargetTransferTag++;
        if (nextTargetTransferTag == RESERVED_TAG) {
            nextTargetTransferTag = 1;
        }
        return tag;
    }

    private void execute(ScsiTask task) {
        task.executing = true;
        ScsiCommand command = task.command;
        ByteBuffer dataOut = task.dataOut == null ? ByteBuffer.allocate(0)
                : task.dataOut.nioBuffer(0, task.expectedLength());
        ScsiRequest request = new ScsiRequest(nexus, command.lun(), command.cdb(), dataOut,
                command.read() ? command.expectedDataTransferLength() : 0);
        SessionConnection home = connection;
        try {
            target.workers().execute(() -> {
                ScsiResult result;
                try {
                    result = target.device().execute(request);
                } catch (RuntimeException | Error e) {
                    log.error("{}: command {} failed", this, command, e);
                    result = ScsiResult.checkCondition(TransportSense.internalTargetFailure());
                }
                ScsiResult done = result;
                home.eventLoop().execute(() -> {
                    complete(task, done);
                    home.flush();
                });
            });
        } catch (RejectedExecutionException shuttingDown) {
            complete(task, new ScsiResult(ScsiStatus.BUSY, ByteBuffer.allocate(0), 0, new byte[0]));
        }
    }

    /** Sends a command's Data-In and status (RFC 7143 §11.4, §11.7) and frees its window slot. */
    private void complete(ScsiTask task, ScsiResult result) {
        tasks.remove(task.command.initiatorTaskTag(), task);
        task.releaseData();
        if (closed || task.aborted) {
            return;
        }
        if (task.countsInWindow) {
            window.finished();
        }
        sendStatus(task, result);
    }

    private void sendStatus(ScsiTask task, ScsiResult result) {
        ScsiCommand command = task.command;
        int expected = command.expectedDataTransferLength();
        ByteBuffer dataIn = result.dataIn();
        int toSend = command.read() ? (int) Math.min(Integer.toUnsignedLong(expected), dataIn.remaining()) : 0;
        // RFC 7143 §11.4.5: residuals compare the CDB's transfer length with the Expected Data Transfer Length;
        // a command that failed transferred nothing meaningful, so only completed commands report them.
        boolean completed = result.status() == ScsiStatus.GOOD || result.status() == ScsiStatus.CONDITION_MET;
        long residual = completed ? Integer.toUnsignedLong(expected) - result.transferLength() : 0;
        boolean underflow = residual > 0;
        boolean overflow = residual < 0;
        int residualCount = (int) Math.abs(residual);
        boolean collapseStatus = result.status() == ScsiStatus.GOOD && result.senseData().length == 0
                && toSend > 0;

        int dataSN = 0;
        if (toSend > 0) {
            ByteBuf whole = Unpooled.wrappedBuffer(dataIn.slice(dataIn.position(), toSend));
            int segment = parameters.maxXmitDataSegmentLength();
            for (int offset = 0; offset < toSend; offset += segment, dataSN++) {
                int length = Math.min(segment, toSend - offset);
                boolean last = offset + length == toSend;
                boolean status = last && collapseStatus;
                connection.send(new DataIn(last, false, status && overflow, status && underflow, status,
                        status ? result.status().code() : 0, command.lun(), command.initiatorTaskTag(),
                        RESERVED_TAG, status ? connection.takeStatSN() : 0, window.expCmdSN(),
                        window.maxCmdSN(), dataSN, offset, status ? residualCount : 0,
                        whole.retainedSlice(offset, length)));
            }
            whole.release();
        }
        if (!collapseStatus) {
            connection.send(new ScsiResponse(false, false, overflow, underflow, COMMAND_COMPLETED_AT_TARGET,
                    result.status().code(), command.initiatorTaskTag(), 0, connection.takeStatSN(),
                    window.expCmdSN(), window.maxCmdSN(), dataSN + task.nextR2TSN, 0, residualCount,
                    SenseSegment.encode(connection.alloc(), result.senseData())));
        }
    }

    // ---- other requests ------------------------------------------------------------------------------------

    private void answerNop(NopOut nop) {
        if (nop.initiatorTaskTag() == RESERVED_TAG) {
            // A reply to our own ping, or a ping that wants no answer (RFC 7143 §11.18.5).
            if (pinger != null) {
                pinger.answered(nop.targetTransferTag());
            }
            return;
        }
        connection.send(new NopIn(nop.lun(), nop.initiatorTaskTag(), RESERVED_TAG, connection.takeStatSN(),
                window.expCmdSN(), window.maxCmdSN(), nop.data().retainedSlice()));
    }

    private void answerTaskManagement(TaskManagementRequest tmf) {
        // Task management arrives with the protocol-completeness work; until then it is refused explicitly.
        connection.send(new TaskManagementResponse(TMF_FUNCTION_REJECTED, tmf.initiatorTaskTag(),
                connection.takeStatSN(), window.expCmdSN(), window.maxCmdSN(), Unpooled.EMPTY_BUFFER));
    }

    private void logout(LogoutRequest logout) {
        // RFC 7143 §11.15.1: 0 = closed successfully; 2 = connection recovery not supported (ERL 0).
        int response = logout.reasonCode() == 2 ? 2 : 0;
        SessionConnection conn = connection;
        conn.send(new LogoutResponse(response, logout.initiatorTaskTag(), conn.takeStatSN(), window.expCmdSN(),
                window.maxCmdSN(), 0, 0, Unpooled.EMPTY_BUFFER));
        if (response == 0) {
            conn.closeAfterFlush();
            close();
        }
    }

    /** Sends a Reject carrying the offending PDU's header (RFC 7143 §11.17). */
    void reject(InitiatorPdu pdu, int reason) {
        rejectHeader(RejectedHeader.of(pdu), reason);
    }

    /** Sends a Reject for a PDU that could not be decoded, given its raw 48-byte header. */
    public void rejectHeader(byte[] header, int reason) {
        if (closed || connection == null) {
            return;
        }
        connection.send(new Reject(reason, connection.takeStatSN(), window.expCmdSN(), window.maxCmdSN(), 0,
                Unpooled.wrappedBuffer(header)));
        connection.flush();
    }

    /** The connection went away: at ErrorRecoveryLevel 0 the session goes with it (RFC 7143 §6.1.1). */
    public void connectionLost(SessionConnection lost) {
        if (lost == connection) {
            close();
        }
    }

    /** Ends the session: queued commands are dropped, running ones complete silently. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        registry.remove(this);
        if (pinger != null) {
            pinger.stop();
        }
        for (InitiatorPdu queued : window.discardWaiting()) {
            queued.release();
        }
        List<ScsiTask> pending = new ArrayList<>(tasks.values());
        for (ScsiTask task : pending) {
            task.aborted = true;
            if (!task.executing) {
                tasks.remove(task.command.initiatorTaskTag());
                task.releaseData();
            }
        }
        text.releasePending();
        if (connection != null) {
            connection.close();
        }
        log.info("session {} closed", this);
    }

    /** Closes the session from any thread, on its own event loop. */
    public void closeFromAnyThread() {
        SessionConnection conn = connection;
        if (conn == null) {
            close();
        } else if (conn.eventLoop().inEventLoop()) {
            close();
        } else {
            conn.eventLoop().execute(this::close);
        }
    }

    public boolean closed() {
        return closed;
    }

    @Override
    public String toString() {
        return key + " tsih=" + tsih;
    }
}
