package io.jiet.scsi.disk;

import io.jiet.backstore.BlockStore;
import io.jiet.backstore.ReadOnlyStoreException;
import io.jiet.scsi.Cdb;
import io.jiet.scsi.CheckCondition;
import io.jiet.scsi.OperationCode;
import io.jiet.scsi.ScsiRequest;
import io.jiet.scsi.ScsiResult;
import io.jiet.scsi.Sense;
import io.jiet.scsi.SupportedCommand;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * READ and WRITE (6), (10), (12) and (16), SBC-3 §5.8-§5.11 and §5.32-§5.35. DPO is accepted and ignored, FUA
 * makes a write durable before GOOD; there is no protection information, so a non-zero RDPROTECT or WRPROTECT is
 * refused. Immutable; commands on the same logical unit run concurrently.
 * <p>
 * When the data-out buffer is shorter than the CDB's transfer length (iSCSI Expected Data Transfer Length below
 * it), only the bytes received are written and the command still ends GOOD: FCP-4's option a), which libiscsi's
 * Write*Residuals tests check. The result always reports the CDB's transfer length so the transport derives the
 * residual.
 */
final class ReadWrite {

    private final BlockStore store;
    private final BlockGeometry geometry;
    private final ModeParameters modeParameters;

    ReadWrite(BlockStore store, BlockGeometry geometry, ModeParameters modeParameters) {
        this.store = store;
        this.geometry = geometry;
        this.modeParameters = modeParameters;
    }

    List<SupportedCommand> commands() {
        return List.of(
                SupportedCommand.of(this::read, OperationCode.READ_6, 0x1F, 0xFF, 0xFF, 0xFF, 0x00),
                SupportedCommand.of(this::write, OperationCode.WRITE_6, 0x1F, 0xFF, 0xFF, 0xFF, 0x00),
                SupportedCommand.of(this::read, OperationCode.READ_10, 0x18, 0xFF, 0xFF, 0xFF, 0xFF, 0x00,
                        0xFF, 0xFF, 0x00),
                SupportedCommand.of(this::write, OperationCode.WRITE_10, 0x18, 0xFF, 0xFF, 0xFF, 0xFF, 0x00,
                        0xFF, 0xFF, 0x00),
                SupportedCommand.of(this::read, OperationCode.READ_12, 0x18, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                        0xFF, 0xFF, 0x00, 0x00),
                SupportedCommand.of(this::write, OperationCode.WRITE_12, 0x18, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                        0xFF, 0xFF, 0x00, 0x00),
                SupportedCommand.of(this::read, OperationCode.READ_16, 0x18, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00),
                SupportedCommand.of(this::write, OperationCode.WRITE_16, 0x18, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00));
    }

    /** Decodes a data transfer CDB and applies the checks every one of them needs, protection field first. */
    Transfer checked(Cdb cdb) throws CheckCondition {
        Transfer t = Transfer.decode(cdb);
        if (t.protect() != 0) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(1, 7));
        }
        geometry.checkRange(t.lba(), t.blocks());
        if (t.blocks() > geometry.maximumTransferBlocks()) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(t.transferLengthByte()));
        }
        return t;
    }

    private ScsiResult read(ScsiRequest request, Cdb cdb) throws CheckCondition {
        Transfer t = checked(cdb);
        int transferLength = transferLength(t);
        // Data the initiator has no room for would be cut by the transport anyway; do not read it.
        ByteBuffer data = readBlocks(t, Math.min(transferLength, Math.max(0, request.allocationLimit())));
        return ScsiResult.good(data, transferLength);
    }

    private ScsiResult write(ScsiRequest request, Cdb cdb) throws CheckCondition {
        Transfer t = checked(cdb);
        writeBlocks(t, dataOut(request, t), t.fua());
        return ScsiResult.good(ByteBuffer.allocate(0), transferLength(t));
    }

    int transferLength(Transfer t) {
        return (int) (t.blocks() * geometry.blockSize());
    }

    /** The data-out bytes the command may use: at most its transfer length, fewer if fewer arrived. */
    ByteBuffer dataOut(ScsiRequest request, Transfer t) {
        ByteBuffer data = request.dataOut() == null ? ByteBuffer.allocate(0) : request.dataOut().duplicate();
        data.limit(data.position() + Math.min(data.remaining(), transferLength(t)));
        return data;
    }

    /** Writes {@code data} at the transfer's LBA unless the medium is write-protected (SBC-3 §4.11). */
    void writeBlocks(Transfer t, ByteBuffer data, boolean durable) throws CheckCondition {
        if (store.readOnly()) {
            throw new CheckCondition(Sense.WRITE_PROTECTED);
        }
        if (modeParameters.softwareWriteProtect()) {
            throw new CheckCondition(Sense.SOFTWARE_WRITE_PROTECTED);
        }
        if (!data.hasRemaining()) {
            return;
        }
        try {
            store.write(geometry.byteOffset(t.lba()), data, durable);
        } catch (ReadOnlyStoreException e) {
            throw new CheckCondition(Sense.WRITE_PROTECTED);
        } catch (IOException e) {
            throw new CheckCondition(Sense.WRITE_ERROR.withInformation(t.lba()));
        }
    }

    /** Reads {@code length} bytes from the transfer's LBA; a failure is an unrecovered read error there. */
    ByteBuffer readBlocks(Transfer t, int length) throws CheckCondition {
        ByteBuffer data = ByteBuffer.allocate(length);
        try {
            store.read(geometry.byteOffset(t.lba()), data);
        } catch (IOException e) {
            throw new CheckCondition(Sense.UNRECOVERED_READ_ERROR.withInformation(t.lba()));
        }
        return data.flip();
    }
}
