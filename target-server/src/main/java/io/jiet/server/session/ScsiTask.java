package io.jiet.server.session;

import io.jiet.pdu.ScsiCommand;
import io.jiet.scsi.ScsiRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One SCSI command in flight: the connection it is allegiant to, the data-out it still expects and the R2Ts it has
 * outstanding (RFC 7143 §10.7–10.8, §11.8). Owned by the session's home event loop.
 */
final class ScsiTask {

    /** An R2T the target sent and whose Data-Out sequence has not finished. */
    static final class OutstandingR2T {
        final int targetTransferTag;
        final int bufferOffset;
        final int length;
        /** Next offset expected in this sequence; DataPDUInOrder=Yes makes it strictly sequential. */
        int nextOffset;
        /** DataSN expected next: each R2T's sequence counts from 0 (RFC 7143 §11.7.5). */
        int nextDataSN;

        OutstandingR2T(int targetTransferTag, int bufferOffset, int length) {
            this.targetTransferTag = targetTransferTag;
            this.bufferOffset = bufferOffset;
            this.length = length;
            this.nextOffset = bufferOffset;
        }

        int end() {
            return bufferOffset + length;
        }
    }

    /** The command's header fields; its immediate data, if any, is the first of {@link #dataOut}'s segments. */
    final ScsiCommand command;
    /** Connection allegiance (RFC 7143 §5.1): its R2Ts, Data-In and status go out on this connection. */
    final SessionConnection connection;
    final boolean countsInWindow;
    /** Whether the command has data-out (a WRITE with a non-zero Expected Data Transfer Length). */
    final boolean expectsDataOut;
    /** Data-out received so far, as the PDUs brought it; empty for commands without data-out. */
    final DataOutSegments dataOut;
    /** R2Ts awaiting their Data-Out; commands without data-out never have any (and allocate no map). */
    final Map<Integer, OutstandingR2T> r2tsByTag;
    /** Bytes received so far; with DataPDUInOrder=Yes they are contiguous from offset 0. */
    int received;
    /** Next offset an R2T will ask for. */
    int nextR2TOffset;
    int nextR2TSN;
    /** DataSN expected on the next Data-Out of the unsolicited sequence (RFC 7143 §11.7.5). */
    int unsolicitedDataSN;
    boolean unsolicitedSequenceOpen;
    int unsolicitedLimit;
    boolean executing;
    /** The expected data-out length counts against the session's buffered data-out until released. */
    boolean holdsDataOutBudget;
    /** What the device server is executing, once {@link #executing}; needed to cancel a long operation. */
    ScsiRequest request;
    /** The pooled memory a READ's data-in is read into; set when the task starts executing. */
    PooledDataIn dataIn;
    boolean aborted;
    /** Aborted by another I_T nexus with TAS set: the initiator gets TASK ABORTED status instead of silence. */
    boolean reportAbortedStatus;
    /** Run once the task has finished after being aborted (task management waits for them). */
    private List<Runnable> whenTerminated;

    ScsiTask(ScsiCommand command, SessionConnection connection, boolean countsInWindow, boolean expectsDataOut) {
        this.command = command;
        this.connection = connection;
        this.countsInWindow = countsInWindow;
        this.expectsDataOut = expectsDataOut;
        this.dataOut = expectsDataOut ? new DataOutSegments() : DataOutSegments.NONE;
        this.r2tsByTag = expectsDataOut ? new HashMap<>() : Map.of();
    }

    int expectedLength() {
        return command.expectedDataTransferLength();
    }

    boolean allDataReceived() {
        return !expectsDataOut || received >= expectedLength();
    }

    void releaseData() {
        dataOut.release();
    }

    void releaseDataIn() {
        if (dataIn != null) {
            dataIn.release();
        }
    }

    /** Runs {@code action} once this task, aborted while executing, has finished (created only then). */
    void whenTerminated(Runnable action) {
        if (whenTerminated == null) {
            whenTerminated = new ArrayList<>(1);
        }
        whenTerminated.add(action);
    }

    void terminated() {
        if (whenTerminated == null) {
            return;
        }
        for (Runnable r : whenTerminated) {
            r.run();
        }
        whenTerminated = null;
    }
}
