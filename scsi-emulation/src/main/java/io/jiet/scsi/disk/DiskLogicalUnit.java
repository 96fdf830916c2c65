package io.jiet.scsi.disk;

import io.jiet.backstore.BlockStore;
import io.jiet.scsi.CheckCondition;
import io.jiet.scsi.CommandTable;
import io.jiet.scsi.LogicalUnit;
import io.jiet.scsi.LogicalUnitIdentity;
import io.jiet.scsi.PersistentReserveIn;
import io.jiet.scsi.ReportLuns;
import io.jiet.scsi.ReportSupportedOperationCodes;
import io.jiet.scsi.ScsiRequest;
import io.jiet.scsi.ScsiResult;
import io.jiet.scsi.Sense;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * A direct-access block device (SBC-3) over a {@link BlockStore}: the device server of one jiet LUN. Commands are
 * dispatched through an opcode table to one handler per command family: INQUIRY and VPD pages, READ CAPACITY,
 * READ/WRITE, VERIFY and WRITE AND VERIFY, mode pages, REPORT SUPPORTED OPERATION CODES, PERSISTENT RESERVE IN
 * and the maintenance commands.
 * REPORT LUNS is answered by {@link io.jiet.scsi.ScsiTargetDevice}, which knows every LUN of the target.
 * <p>
 * The capacity is the store's size at construction divided by the block size; a partial last block is not used.
 * <p>
 * Threading: {@link #execute} is safe to call from many threads at once; reads and writes run concurrently. The
 * only mutable state is the Control mode page's SWP bit (see {@link ModeParameters}). {@link #close()} closes the
 * store; commands must not be running by then.
 */
public final class DiskLogicalUnit implements LogicalUnit {

    private static final System.Logger LOG = System.getLogger(DiskLogicalUnit.class.getName());

    private final BlockStore store;
    private final BlockGeometry geometry;
    private final LogicalUnitIdentity identity;
    private final CommandTable table;

    /**
     * @param blockSize 512, 1024, 2048 or 4096, IET's {@code BlockSize} values
     * @throws IOException if the store's size cannot be read
     * @throws IllegalArgumentException for another block size or a store smaller than one block
     */
    public DiskLogicalUnit(BlockStore store, int blockSize, LogicalUnitIdentity identity) throws IOException {
        this.store = Objects.requireNonNull(store, "store");
        this.identity = Objects.requireNonNull(identity, "identity");
        this.geometry = new BlockGeometry(blockSize, store.size() / blockSize);
        ModeParameters modeParameters = new ModeParameters(store, geometry);
        ReadWrite readWrite = new ReadWrite(store, geometry, modeParameters);
        ReportSupportedOperationCodes supportedOperationCodes = new ReportSupportedOperationCodes(this::table);
        this.table = CommandTable.builder()
                .add(new Inquiry(identity, geometry).command())
                .addAll(new ReadCapacity(geometry).commands())
                .addAll(readWrite.commands())
                .addAll(new Verify(readWrite, geometry).commands())
                .addAll(modeParameters.commands())
                .addAll(new Maintenance(store, geometry).commands())
                .addAll(PersistentReserveIn.commands())
                .add(supportedOperationCodes.command())
                .add(ReportLuns.answeredByTargetDevice())
                .build();
    }

    @Override
    public ScsiResult execute(ScsiRequest request) {
        try {
            return table.dispatch(request);
        } catch (CheckCondition e) {
            return ScsiResult.checkCondition(e.sense());
        } catch (RuntimeException e) {
            // A defect, not an initiator error: report it, keep the worker thread alive.
            LOG.log(System.Logger.Level.ERROR, "command failed on " + store.describe(), e);
            return ScsiResult.checkCondition(Sense.INTERNAL_TARGET_FAILURE);
        }
    }

    public int blockSize() {
        return geometry.blockSize();
    }

    /** The capacity in logical blocks. */
    public long blockCount() {
        return geometry.blockCount();
    }

    public LogicalUnitIdentity identity() {
        return identity;
    }

    public BlockStore store() {
        return store;
    }

    CommandTable table() {
        return table;
    }

    @Override
    public void close() {
        try {
            store.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
