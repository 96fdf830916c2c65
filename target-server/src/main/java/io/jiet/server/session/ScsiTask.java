package io.jiet.server.session;

import io.jiet.pdu.ScsiCommand;
import io.jiet.scsi.ScsiRequest;
import io.netty.buffer.ByteBuf;
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

    /** The command's header fields; its immediate data has been copied into {@link #dataOut}. */
    final ScsiCommand command;
    /** Connection allegiance (RFC 7143 §5.1): its R2Ts, Data-In and status go out on this connection. */
    final SessionConnection connection;
    final boolean countsInWindow;
    /** Data-out collected so far, sized to the Expected Data Transfer Length; null for commands without data-out. */
    final ByteBuf dataOut;
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
    /** What the device server is executing, once {@link #executing}; needed to cancel a long operation. */
    ScsiRequest request;
    /** The pooled memory a READ's data-in is read into; set when the task starts executing. */
    PooledDataIn dataIn;
    boolean aborted;
    /** Aborted by another I_T nexus with TAS set: the initiator gets TASK ABORTED status instead of silence. */
    boolean reportAbortedStatus;
    /** Run once the task has finished after being aborted (task management waits for them). */
    final List<Runnable> whenTerminated = new ArrayList<>(0);

    ScsiTask(ScsiCommand command, SessionConnection connection, boolean countsInWindow, ByteBuf dataOut) {
        this.command = command;
        this.connection = connection;
        this.countsInWindow = countsInWindow;
        this.dataOut = dataOut;
        this.r2tsByTag = dataOut == null ? Map.of() : new HashMap<>();
    }

    int expectedLength() {
        return command.expectedDataTransferLength();
    }

    boolean allDataReceived() {
        return dataOut == null || received >= expectedLength();
    }

    void releaseData() {
        if (dataOut != null && dataOut.refCnt() > 0) {
            dataOut.release();
        }
    }

    void releaseDataIn() {
        if (dataIn != null) {
            dataIn.release();
        }
    }

    void terminated() {
        for (Runnable r : whenTerminated) {
            r.run();
        }
        whenTerminated.clear();
    }
}
