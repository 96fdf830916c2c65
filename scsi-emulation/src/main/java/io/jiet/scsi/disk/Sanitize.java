package io.jiet.scsi.disk;

import io.jiet.backstore.BlockStore;
import io.jiet.scsi.Cdb;
import io.jiet.scsi.CheckCondition;
import io.jiet.scsi.OperationCode;
import io.jiet.scsi.ScsiRequest;
import io.jiet.scsi.ScsiResult;
import io.jiet.scsi.Sense;
import io.jiet.scsi.SupportedCommand;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SANITIZE (SBC-3 §5.30, §4.34): OVERWRITE (the initialization pattern, OVERWRITE COUNT passes, INVERT between
 * passes, each pass forced to stable storage), BLOCK ERASE and CRYPTO ERASE (on a thin unit both deallocate every
 * block, which then reads as zeros; there is no encryption key to change, and deallocation leaves no data to
 * recover), and EXIT FAILURE MODE.
 * <p>
 * Sanitize is a long operation and always runs on its own thread: with IMMED the command ends at once, otherwise
 * it waits for the work (an abort, {@link #cancel}, ends the wait but not the work, SBC-3 §4.34.2). While it runs the logical unit answers everything but INQUIRY,
 * REPORT LUNS and REQUEST SENSE with NOT READY, SANITIZE IN PROGRESS and the progress indication
 * ({@link #gate()}); the operation goes on through aborts, resets and I_T nexus loss. A failure leaves the unit in
 * sanitize failure mode (MEDIUM ERROR, SANITIZE COMMAND FAILED) until a sanitize succeeds or, if AUSE was set,
 * EXIT FAILURE MODE.
 * <p>
 * Overwriting is paced to {@code bytesPerSecond} so a sanitize does not take the whole backing disk from the other
 * logical units; erasing is a few hole punches and is not paced.
 * <p>
 * Threading: one operation at a time, started under this object's monitor; its state is read through volatile
 * fields and an atomic progress counter. {@link #close()} interrupts a background operation and waits for it.
 */
final class Sanitize {

    /** Overwrite pace of a daemon logical unit: a sanitize of 1 GiB takes 32 s. */
    static final long DEFAULT_BYTES_PER_SECOND = 32L << 20;

    private static final int OVERWRITE = 0x01;
    private static final int BLOCK_ERASE = 0x02;
    private static final int CRYPTO_ERASE = 0x03;
    private static final int EXIT_FAILURE_MODE = 0x1F;
    private static final int CHUNK_BYTES = 1 << 20;
    private static final long ERASE_PIECE_BYTES = 1L << 30;

    private final Medium medium;
    private final long bytesPerSecond;
    private volatile Operation running;
    /** Set while in sanitize failure mode: whether EXIT FAILURE MODE may end it (AUSE of the failed command). */
    private volatile Boolean failureModeExitAllowed;
    private Thread background;
    /** SANITIZE commands without IMMED whose wait the transport aborted (identity of the request object). */
    private final Set<ScsiRequest> cancelled =
            Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    Sanitize(Medium medium, long bytesPerSecond) {
        this.medium = medium;
        this.bytesPerSecond = bytesPerSecond;
    }

    List<SupportedCommand> commands() {
        List<SupportedCommand> list = new ArrayList<>();
        list.add(entry(OVERWRITE));
        if (medium.thinProvisioned()) {
            list.add(entry(BLOCK_ERASE));
            list.add(entry(CRYPTO_ERASE));
        }
        list.add(entry(EXIT_FAILURE_MODE));
        return list;
    }

    private SupportedCommand entry(int serviceAction) {
        return SupportedCommand.ofServiceAction(serviceAction, this::execute, OperationCode.SANITIZE,
                0x80 | 0x20 | serviceAction, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0x00);
    }

    /** The sense every gated command gets now: NOT READY with progress while running, the failure mode after. */
    Optional<Sense> gate() {
        Operation op = running;
        if (op != null) {
            return Optional.of(op.progressSense());
        }
        return failureModeExitAllowed == null ? Optional.empty() : Optional.of(Sense.SANITIZE_COMMAND_FAILED);
    }

    boolean inProgress() {
        return running != null;
    }

    private ScsiResult execute(ScsiRequest request, Cdb cdb) throws CheckCondition {
        if (cdb.bit(1, 6)) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(1, 6));
        }
        for (int i = 2; i <= 6; i++) {
            if (cdb.u8(i) != 0) {
                throw new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(i));
            }
        }
        boolean immediate = cdb.bit(1, 7);
        boolean ause = cdb.bit(1, 5);
        int serviceAction = cdb.field(1, 0x1F);
        int listLength = cdb.u16(7);
        Work work = switch (serviceAction) {
            case OVERWRITE -> overwrite(request, listLength);
            case EXIT_FAILURE_MODE -> {
                requireNoParameters(listLength);
                yield null;
            }
            default -> {
                requireNoParameters(listLength);
                yield this::erase;
            }
        };
        medium.checkWritable();
        if (work == null) {
            exitFailureMode();
            return ScsiResult.good();
        }
        Operation op = start(work, ause);
        synchronized (this) {
            background = Thread.ofPlatform().daemon().name("jiet-sanitize " + medium.store().describe())
                    .start(() -> op.finished(finish(op)));
        }
        if (immediate) {
            return ScsiResult.goodWithoutData(listLength);
        }
        // Without IMMED the status waits for the operation; an abort ends the wait, not the operation.
        try {
            while (!op.done.await(100, TimeUnit.MILLISECONDS)) {
                if (cancelled.remove(request)) {
                    return ScsiResult.taskAborted();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ScsiResult.taskAborted();
        } finally {
            cancelled.remove(request);
        }
        if (!op.succeeded) {
            throw new CheckCondition(Sense.SANITIZE_COMMAND_FAILED);
        }
        return ScsiResult.goodWithoutData(listLength);
    }

    /** The transport aborts {@code request}; if it waits for a sanitize, it stops waiting. */
    void cancel(ScsiRequest request) {
        if (running != null && request.cdb() != null && request.cdb().length > 0
                && (request.cdb()[0] & 0xFF) == OperationCode.SANITIZE) {
            cancelled.add(request);
        }
    }

    /**
     * SBC-3 §5.30.2.2, table 96: PARAMETER LIST LENGTH 5 to block size + 4; byte 0 INVERT, TEST (must be 0) and
     * OVERWRITE COUNT (1-31); bytes 2-3 INITIALIZATION PATTERN LENGTH (1 to block size, within the list).
     */
    private Work overwrite(ScsiRequest request, int listLength) throws CheckCondition {
        int blockSize = medium.geometry().blockSize();
        if (listLength < 5 || listLength > blockSize + 4) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(7));
        }
        ByteBuffer dataOut = request.dataOutView();
        if (dataOut.remaining() < listLength) {
            throw new CheckCondition(Sense.PARAMETER_LIST_LENGTH_ERROR);
        }
        byte[] list = new byte[listLength];
        dataOut.get(list);
        boolean invert = (list[0] & 0x80) != 0;
        int count = list[0] & 0x1F;
        if ((list[0] & 0x60) != 0) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_PARAMETER_LIST.inParameterList(0, 6));
        }
        if (count == 0) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_PARAMETER_LIST.inParameterList(0, 4));
        }
        int patternLength = (list[2] & 0xFF) << 8 | list[3] & 0xFF;
        if (patternLength == 0 || patternLength > blockSize || patternLength > listLength - 4) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_PARAMETER_LIST.inParameterList(2));
        }
        byte[] block = new byte[blockSize];
        for (int i = 0; i < blockSize; i++) {
            block[i] = list[4 + i % patternLength];
        }
        return progress -> overwrite(block, count, invert, progress);
    }

    private static void requireNoParameters(int listLength) throws CheckCondition {
        if (listLength != 0) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(7));
        }
    }

    /** SBC-3 §5.30.2.4: EXIT FAILURE MODE ends the failure mode only if the failed sanitize allowed it (AUSE). */
    private synchronized void exitFailureMode() throws CheckCondition {
        if (running != null) {
            throw new CheckCondition(running.progressSense());
        }
        Boolean allowed = failureModeExitAllowed;
        if (allowed != null && !allowed) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(1, 4));
        }
        failureModeExitAllowed = null;
    }

    private synchronized Operation start(Work work, boolean ause) throws CheckCondition {
        if (running != null) {
            throw new CheckCondition(running.progressSense());
        }
        long total = medium.geometry().blockCount() * medium.geometry().blockSize();
        Operation op = new Operation(work, ause, total);
        running = op;
        return op;
    }

    /** Runs the operation; returns whether it succeeded. */
    private boolean finish(Operation op) {
        boolean ok;
        try {
            op.work.run(op);
            ok = true;
        } catch (IOException | RuntimeException e) {
            System.getLogger(Sanitize.class.getName()).log(System.Logger.Level.ERROR,
                    "sanitize of " + medium.store().describe() + " failed", e);
            ok = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ok = false;
        }
        synchronized (this) {
            failureModeExitAllowed = ok ? null : op.ause;
            running = null;
        }
        return ok;
    }

    private void overwrite(byte[] block, int passes, boolean invert, Operation op)
            throws IOException, InterruptedException {
        BlockStore store = medium.store();
        long size = op.total;
        op.total = size * passes;
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(size, Math.max(block.length,
                CHUNK_BYTES / block.length * block.length)));
        long started = System.nanoTime();
        for (int pass = 0; pass < passes; pass++) {
            chunk.clear();
            boolean inverted = invert && pass % 2 == 1;
            while (chunk.hasRemaining()) {
                for (int i = 0; i < block.length && chunk.hasRemaining(); i++) {
                    chunk.put((byte) (inverted ? ~block[i] : block[i]));
                }
            }
            for (long offset = 0; offset < size; offset += chunk.capacity()) {
                int n = (int) Math.min(chunk.capacity(), size - offset);
                store.write(offset, chunk.clear().limit(n), false);
                pace(started, op.progress.addAndGet(n));
            }
            store.flush();
        }
    }

    /** Deallocates the whole medium in pieces, reporting progress between them. */
    private void erase(Operation op) throws IOException {
        BlockStore store = medium.store();
        for (long offset = 0; offset < op.total; offset += ERASE_PIECE_BYTES) {
            long n = Math.min(ERASE_PIECE_BYTES, op.total - offset);
            store.unmap(offset, n);
            op.progress.addAndGet(n);
        }
        store.flush();
    }

    private void pace(long startedNanos, long done) throws InterruptedException {
        long dueNanos = (long) (done * 1e9 / bytesPerSecond);
        long aheadNanos = dueNanos - (System.nanoTime() - startedNanos);
        if (aheadNanos > 1_000_000) {
            Thread.sleep(aheadNanos / 1_000_000, (int) (aheadNanos % 1_000_000));
        }
    }

    /** Interrupts a background sanitize and waits for it; the logical unit is being closed. */
    void close() {
        Thread thread;
        synchronized (this) {
            thread = background;
        }
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @FunctionalInterface
    private interface Work {
        void run(Operation op) throws IOException, InterruptedException;
    }

    /** One running sanitize: its work, AUSE, and progress in bytes. */
    private static final class Operation {
        final Work work;
        final boolean ause;
        final AtomicLong progress = new AtomicLong();
        final CountDownLatch done = new CountDownLatch(1);
        volatile long total;
        volatile boolean succeeded;

        Operation(Work work, boolean ause, long total) {
            this.work = work;
            this.ause = ause;
            this.total = total;
        }

        Sense progressSense() {
            return Sense.LOGICAL_UNIT_NOT_READY_SANITIZE_IN_PROGRESS.withProgress(progress.get(), total);
        }

        void finished(boolean ok) {
            succeeded = ok;
            done.countDown();
        }
    }
}
