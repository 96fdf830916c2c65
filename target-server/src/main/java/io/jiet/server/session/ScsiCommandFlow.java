package io.jiet.server.session;

import io.jiet.backstore.FileSpan;
import io.jiet.pdu.Pdu;
import io.jiet.pdu.DataIn;
import io.jiet.pdu.DataOut;
import io.jiet.pdu.ReadyToTransfer;
import io.jiet.pdu.Reject;
import io.jiet.pdu.ScsiCommand;
import io.jiet.pdu.ScsiResponse;
import io.jiet.pdu.SenseSegment;
import io.jiet.scsi.DataInBuffers;
import io.jiet.scsi.ItNexus;
import io.jiet.scsi.ScsiRequest;
import io.jiet.scsi.ScsiResult;
import io.jiet.scsi.ScsiStatus;
import io.jiet.scsi.Sense;
import io.jiet.server.login.NegotiatedParameters;
import io.jiet.server.target.IscsiTarget;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SCSI command data flow of one session (RFC 7143 §10.7–10.8, §11.3–11.8): immediate data, unsolicited
 * Data-Out, R2T, execution on the target's workers, Data-In with status, SCSI Response with sense and residuals.
 * Confined to the session's home event loop.
 */
final class ScsiCommandFlow {

    private static final Logger log = LoggerFactory.getLogger(ScsiCommandFlow.class);
    /** Largest data-out one command may carry; bigger writes are refused before any buffer is allocated. */
    static final int MAX_COMMAND_DATA_OUT = 32 * 1024 * 1024;
    /** Data-out buffered for one session at once; beyond it new writes get TASK SET FULL until some complete. */
    static final long MAX_SESSION_DATA_OUT = 128L * 1024 * 1024;
    /** Response code "Command Completed at Target", RFC 7143 §11.4.3. */
    private static final int COMMAND_COMPLETED_AT_TARGET = 0x00;
    /** Data-out of commands that have none; read-only, so sharing it is safe. */
    private static final ByteBuffer NO_DATA_OUT = ByteBuffer.allocate(0).asReadOnlyBuffer();
    /**
     * Largest READ the home event loop serves itself when the data is cached: a memory copy of this size costs
     * less than the two thread hand-offs (to a worker and back) it saves, and it delays the loop's other
     * connections by microseconds only. Bigger reads, and reads that would wait for the device, go to a worker.
     */
    static final int IN_PLACE_READ_LIMIT = 128 * 1024;
    /** How many aborted task tags are remembered so their late Data-Out PDUs are dropped silently. */
    private static final int REMEMBERED_ABORTS = 256;

    private final Session session;
    private final IscsiTarget target;
    private final ItNexus nexus;
    private final Map<Integer, ScsiTask> tasks = new HashMap<>();
    private final LinkedHashSet<Integer> recentlyAborted = new LinkedHashSet<>();
    private long bufferedDataOut;
    private int nextTargetTransferTag = 1;

    ScsiCommandFlow(Session session, IscsiTarget target, ItNexus nexus) {
        this.session = session;
        this.target = target;
        this.nexus = nexus;
    }

    ItNexus nexus() {
        return nexus;
    }

    private NegotiatedParameters parameters() {
        return session.parameters();
    }

    void start(SessionConnection connection, ScsiCommand command, boolean counted) {
        if (tasks.containsKey(command.initiatorTaskTag())) {
            session.reject(connection, command, Reject.TASK_IN_PROGRESS);
            session.finished(counted);
            return;
        }
        NegotiatedParameters p = parameters();
        int expected = command.expectedDataTransferLength();
        int immediateLength = command.data().readableBytes();
        boolean unsolicitedFollows = command.write() && !command.finalFlag();
        if (immediateLength > 0 && (!command.write() || !p.immediateData()
                || immediateLength > p.firstBurstLength()
                || Integer.compareUnsigned(immediateLength, expected) > 0)
                || unsolicitedFollows && p.initialR2T()) {
            // RFC 7143 §4.2.5.1 / §13.10–13.11: data the negotiation did not allow.
            session.reject(connection, command, Reject.PROTOCOL_ERROR);
            session.finished(counted);
            return;
        }
        ScsiCommand header = immediateLength == 0 ? command : withoutData(command);
        if (!command.write() || expected == 0) {
            ScsiTask task = new ScsiTask(header, connection, counted, false);
            tasks.put(command.initiatorTaskTag(), task);
            execute(task);
            return;
        }
        if (Integer.compareUnsigned(expected, MAX_COMMAND_DATA_OUT) > 0) {
            complete(new ScsiTask(header, connection, counted, false),
                    ScsiResult.checkCondition(target.device().senseData(command.lun(), Sense.INVALID_FIELD_IN_CDB)));
            return;
        }
        if (bufferedDataOut + expected > MAX_SESSION_DATA_OUT) {
            // SAM-5 §5.3.1: the initiator retries TASK SET FULL once earlier commands finish.
            complete(new ScsiTask(header, connection, counted, false),
                    ScsiResult.statusOnly(ScsiStatus.TASK_SET_FULL));
            return;
        }
        ScsiTask task = new ScsiTask(header, connection, counted, true);
        bufferedDataOut += expected;
        task.holdsDataOutBudget = true;
        if (immediateLength > 0) {
            task.dataOut.add(0, command.data().retainedSlice(command.data().readerIndex(), immediateLength),
                    connection.alloc());
        }
        task.received = immediateLength;
        task.unsolicitedSequenceOpen = unsolicitedFollows;
        task.unsolicitedLimit = unsolicitedFollows ? Math.min(p.firstBurstLength(), expected) : immediateLength;
        task.nextR2TOffset = immediateLength;
        tasks.put(command.initiatorTaskTag(), task);
        continueWrite(task);
    }

    /** The command's header fields only: its immediate data is held as a segment of the task's data-out. */
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

    void onDataOut(SessionConnection connection, DataOut dataOut) {
        ScsiTask task = tasks.get(dataOut.initiatorTaskTag());
        if (task == null && recentlyAborted.contains(dataOut.initiatorTaskTag())) {
            return; // data still in flight for a task the initiator aborted (RFC 7143 §4.2.3.3)
        }
        if (task == null || !task.expectsDataOut || task.executing || task.connection != connection) {
            // Data for a task this connection does not know (RFC 7143 §11.17.1: invalid PDU field).
            session.reject(connection, dataOut, Reject.INVALID_PDU_FIELD);
            return;
        }
        int length = dataOut.data().readableBytes();
        int offset = dataOut.bufferOffset();
        if (offset < 0 || length > task.expectedLength() - offset) {
            abandon(task, dataOut);
            return;
        }
        if (dataOut.targetTransferTag() == Pdu.RESERVED_TAG) {
            if (!task.unsolicitedSequenceOpen || offset != task.received || offset + length > task.unsolicitedLimit
                    || dataOut.dataSN() != task.unsolicitedDataSN) {
                abandon(task, dataOut);
                return;
            }
            task.unsolicitedDataSN++;
            receive(task, dataOut, offset, length);
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
            receive(task, dataOut, offset, length);
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
        session.reject(task.connection, dataOut, Reject.PROTOCOL_ERROR);
        tasks.remove(task.command.initiatorTaskTag(), task);
        releaseData(task);
        session.finished(task.countsInWindow);
    }

    /** Keeps the PDU's data where it arrived (a retained slice), unless that would pin far more memory. */
    private static void receive(ScsiTask task, DataOut dataOut, int offset, int length) {
        if (length > 0) {
            task.dataOut.add(offset, dataOut.data().retainedSlice(dataOut.data().readerIndex(), length),
                    task.connection.alloc());
        }
        task.received += length;
    }

    /** Sends R2Ts up to MaxOutstandingR2T, each at most MaxBurstLength (RFC 7143 §11.8). */
    private void sendR2Ts(ScsiTask task) {
        int expected = task.expectedLength();
        NegotiatedParameters p = parameters();
        while (task.r2tsByTag.size() < p.maxOutstandingR2T() && task.nextR2TOffset < expected) {
            int length = Math.min(p.maxBurstLength(), expected - task.nextR2TOffset);
            int tag = nextTargetTransferTag();
            ScsiTask.OutstandingR2T r2t = new ScsiTask.OutstandingR2T(tag, task.nextR2TOffset, length);
            task.r2tsByTag.put(tag, r2t);
            task.connection.send(new ReadyToTransfer(task.command.lun(), task.command.initiatorTaskTag(), tag,
                    task.connection.currentStatSN(), session.expCmdSN(), session.maxCmdSN(), task.nextR2TSN++,
                    task.nextR2TOffset, length, Unpooled.EMPTY_BUFFER));
            task.nextR2TOffset += length;
        }
        task.connection.flush();
    }

    int nextTargetTransferTag() {
        int tag = nextTargetTransferTag++;
        if (nextTargetTransferTag == Pdu.RESERVED_TAG) {
            nextTargetTransferTag = 1;
        }
        return tag;
    }

    private void execute(ScsiTask task) {
        task.executing = true;
        ScsiCommand command = task.command;
        ScsiRequest request;
        Optional<ScsiResult> inPlace = Optional.empty();
        try {
            ByteBuffer dataOut = NO_DATA_OUT;
            List<ByteBuffer> segments = List.of();
            if (task.expectsDataOut) {
                if (ScsiRequest.takesDataOutInSegments(command.cdb())) {
                    segments = task.dataOut.asBuffers();
                } else {
                    dataOut = task.dataOut.joined(task.connection.alloc(), task.expectedLength());
                }
            }
            boolean sendsFromFiles = !task.connection.parameters().dataDigest();
            if (command.read()) {
                task.dataIn = new PooledDataIn(task.connection.alloc(), sendsFromFiles, IN_PLACE_READ_LIMIT);
            }
            request = new ScsiRequest(nexus, command.lun(), command.cdb(), dataOut,
                    command.read() ? command.expectedDataTransferLength() : 0,
                    command.read() ? task.dataIn : DataInBuffers.HEAP, segments);
            task.request = request;
            // A cached read sent from the file costs the loop no copy whatever its size.
            if (command.read() && !command.write() && (sendsFromFiles
                    || Integer.compareUnsigned(command.expectedDataTransferLength(), IN_PLACE_READ_LIMIT) <= 0)) {
                inPlace = target.device().executeWithoutBlocking(request);
            }
        } catch (RuntimeException | Error e) {
            // Out of direct memory, a defect: the task must still end, or its window slot and tag stay taken.
            log.error("{}: command {} failed before execution", session, command, e);
            complete(task, ScsiResult.checkCondition(
                    target.device().senseData(command.lun(), Sense.INTERNAL_TARGET_FAILURE)));
            return;
        }
        if (inPlace.isPresent()) {
            complete(task, inPlace.get());
            return;
        }
        try {
            target.workers().execute(() -> {
                ScsiResult result;
                try {
                    result = target.device().execute(request);
                } catch (RuntimeException | Error e) {
                    log.error("{}: command {} failed", session, command, e);
                    result = ScsiResult.checkCondition(target.device().senseData(command.lun(), Sense.INTERNAL_TARGET_FAILURE));
                }
                ScsiResult done = result;
                session.runOnHome(() -> complete(task, done));
            });
        } catch (RejectedExecutionException shuttingDown) {
            complete(task, ScsiResult.statusOnly(ScsiStatus.BUSY));
        }
    }

    /** Sends a command's Data-In and status (RFC 7143 §11.4, §11.7) and frees its window slot. */
    private void complete(ScsiTask task, ScsiResult result) {
        tasks.remove(task.command.initiatorTaskTag(), task);
        releaseData(task);
        boolean spanHandedOver = false;
        try {
            if (session.closed()) {
                task.terminated(); // a task management function elsewhere may be waiting for it
                return;
            }
            session.finished(task.countsInWindow);
            if (task.aborted) {
                // An aborted task sends neither data nor status (RFC 7143 §4.2.3.3), except TASK ABORTED where TAS
                // asks for it (SAM-5 §5.6, SPC-4 control mode page).
                sendTaskAborted(task);
                task.terminated();
                return;
            }
            spanHandedOver = sendStatus(task, result);
            task.connection.flush();
        } finally {
            task.releaseDataIn();
            if (!spanHandedOver && result.dataInFile() != null) {
                result.dataInFile().release(); // aborted, session gone, or nothing to send: back to the store
            }
        }
    }

    private void releaseData(ScsiTask task) {
        if (task.holdsDataOutBudget) {
            bufferedDataOut -= task.expectedLength();
            task.holdsDataOutBudget = false;
        }
        task.releaseData();
    }

    /** Returns whether the result's file span now belongs to the Data-In PDUs (they give it back when sent). */
    private boolean sendStatus(ScsiTask task, ScsiResult result) {
        boolean handedOver = false;
        ScsiCommand command = task.command;
        SessionConnection connection = task.connection;
        int expected = command.expectedDataTransferLength();
        ByteBuffer dataIn = result.dataIn();
        FileSpan fileData = result.dataInFile();
        int toSend = command.read() ? (int) Math.min(Integer.toUnsignedLong(expected), result.dataInLength()) : 0;
        // RFC 7143 §11.4.5: residuals compare the CDB's transfer length with the Expected Data Transfer Length;
        // a command that failed transferred nothing meaningful, so only completed commands report them.
        boolean completed = result.status() == ScsiStatus.GOOD || result.status() == ScsiStatus.CONDITION_MET;
        long residual = completed ? Integer.toUnsignedLong(expected) - result.transferLength() : 0;
        boolean underflow = residual > 0;
        boolean overflow = residual < 0;
        int residualCount = (int) Math.abs(residual);
        boolean collapseStatus = completed && result.senseData().length == 0 && toSend > 0;

        int dataSN = 0;
        FileBackedDataIn.SharedSpan shared = null;
        if (toSend > 0) {
            ByteBuf whole = null;
            if (fileData != null) {
                int segment = connection.parameters().maxXmitDataSegmentLength();
                shared = new FileBackedDataIn.SharedSpan(fileData, (toSend + segment - 1) / segment);
                handedOver = true;
            } else {
                ByteBuf pooled = task.dataIn == null ? null : task.dataIn.holding(dataIn);
                whole = pooled != null ? pooled.retainedSlice(pooled.readerIndex(), toSend)
                        : Unpooled.wrappedBuffer(dataIn.slice(dataIn.position(), toSend));
            }
            try {
                int segment = connection.parameters().maxXmitDataSegmentLength();
                for (int offset = 0; offset < toSend; offset += segment, dataSN++) {
                    int length = Math.min(segment, toSend - offset);
                    boolean last = offset + length == toSend;
                    boolean status = last && collapseStatus;
                    DataIn pdu = new DataIn(last, false, status && overflow, status && underflow, status,
                            status ? result.status().code() : 0, command.lun(), command.initiatorTaskTag(),
                            Pdu.RESERVED_TAG, status ? connection.takeStatSN() : 0, session.expCmdSN(),
                            session.maxCmdSN(), dataSN, offset, status ? residualCount : 0,
                            whole == null ? Unpooled.EMPTY_BUFFER : whole.retainedSlice(offset, length));
                    if (whole == null) {
                        connection.send(new FileBackedDataIn(pdu, shared, offset, length));
                    } else {
                        connection.send(pdu);
                    }
                }
            } finally {
                if (whole != null) {
                    whole.release();
                }
            }
        }
        if (!collapseStatus) {
            connection.send(new ScsiResponse(false, false, overflow, underflow, COMMAND_COMPLETED_AT_TARGET,
                    result.status().code(), command.initiatorTaskTag(), 0, connection.takeStatSN(),
                    session.expCmdSN(), session.maxCmdSN(), dataSN + task.nextR2TSN, 0, residualCount,
                    SenseSegment.encode(connection.alloc(), result.senseData())));
        }
        return handedOver;
    }

    // ---- aborts (task management, connection loss, session end) --------------------------------------------

    ScsiTask task(int initiatorTaskTag) {
        return tasks.get(initiatorTaskTag);
    }

    /**
     * Aborts every task matching {@code which}: tasks still collecting data end now; running ones finish silently.
     * {@code whenAllTerminated} runs on the home loop once no matching task is running any more.
     */
    void abort(Predicate<ScsiTask> which, boolean byAnotherNexus, Runnable whenAllTerminated) {
        List<ScsiTask> running = new ArrayList<>();
        for (ScsiTask task : new ArrayList<>(tasks.values())) {
            if (!which.test(task)) {
                continue;
            }
            if (task.aborted) {
                running.add(task); // aborted earlier and still executing: this function waits for it too
                continue;
            }
            task.aborted = true;
            task.reportAbortedStatus = byAnotherNexus && target.device().taskAbortedStatus(task.command.lun());
            remember(task.command.initiatorTaskTag());
            if (task.executing) {
                target.device().cancel(task.request); // e.g. a SANITIZE without IMMED stops waiting
                running.add(task);
            } else {
                tasks.remove(task.command.initiatorTaskTag());
                releaseData(task);
                session.finished(task.countsInWindow);
                sendTaskAborted(task);
            }
        }
        if (whenAllTerminated == null) {
            return;
        }
        if (running.isEmpty()) {
            whenAllTerminated.run();
            return;
        }
        int[] remaining = {running.size()};
        for (ScsiTask task : running) {
            task.whenTerminated(() -> {
                if (--remaining[0] == 0) {
                    whenAllTerminated.run();
                }
            });
        }
    }

    private void sendTaskAborted(ScsiTask task) {
        if (task.reportAbortedStatus) {
            sendStatus(task, ScsiResult.taskAborted());
            task.connection.flush();
        }
    }

    private void remember(int initiatorTaskTag) {
        recentlyAborted.add(initiatorTaskTag);
        if (recentlyAborted.size() > REMEMBERED_ABORTS) {
            recentlyAborted.remove(recentlyAborted.iterator().next());
        }
    }

    /** Session end: everything is aborted; running tasks release their buffers when they finish. */
    void abortAll() {
        abort(task -> true, false, null);
    }
}
