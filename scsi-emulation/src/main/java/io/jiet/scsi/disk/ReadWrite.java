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

    /** Transfer length, LBA and flags of one READ or WRITE CDB. */
    private record Transfer(long lba, long blocks, int protect, boolean fua, int transferLengthByte) {
    }

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

    /**
     * SBC-3 tables 40-47 and 89-96. In the 6-byte forms the LBA has 21 bits and a transfer length of 0 means 256
     * blocks; in the others 0 means no transfer.
     */
    private static Transfer decode(Cdb cdb) {
        return switch (cdb.operationCode()) {
            case OperationCode.READ_6, OperationCode.WRITE_6 ->
                    new Transfer(cdb.u24(1) & 0x1F_FFFF, cdb.u8(4) == 0 ? 256 : cdb.u8(4), 0, false, 4);
            case OperationCode.READ_10, OperationCode.WRITE_10 ->
                    new Transfer(cdb.u32(2), cdb.u16(7), cdb.field(1, 0xE0), cdb.bit(1, 3), 7);
            case OperationCode.READ_12, OperationCode.WRITE_12 ->
                    new Transfer(cdb.u32(2), cdb.u32(6), cdb.field(1, 0xE0), cdb.bit(1, 3), 6);
            default -> new Transfer(cdb.u64(2), cdb.u32(10), cdb.field(1, 0xE0), cdb.bit(1, 3), 10);
        };
    }

    private Transfer checked(Cdb cdb) throws CheckCondition {
        Transfer t = decode(cdb);
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
        int transferLength = (int) (t.blocks() * geometry.blockSize());
        // Data the initiator has no room for would be cut by the transport anyway; do not read it.
        ByteBuffer data = ByteBuffer.allocate(Math.min(transferLength, Math.max(0, request.allocationLimit())));
        try {
            store.read(geometry.byteOffset(t.lba()), data);
        } catch (IOException e) {
            throw new CheckCondition(Sense.UNRECOVERED_READ_ERROR.withInformation(t.lba()));
        }
        return ScsiResult.good(data.flip(), transferLength);
    }

    private ScsiResult write(ScsiRequest request, Cdb cdb) throws CheckCondition {
        Transfer t = checked(cdb);
        if (store.readOnly()) {
            throw new CheckCondition(Sense.WRITE_PROTECTED);
        }
        if (modeParameters.softwareWriteProtect()) {
            throw new CheckCondition(Sense.SOFTWARE_WRITE_PROTECTED);
        }
        int transferLength = (int) (t.blocks() * geometry.blockSize());
        ByteBuffer data = request.dataOut() == null ? ByteBuffer.allocate(0) : request.dataOut().duplicate();
        data.limit(data.position() + Math.min(data.remaining(), transferLength));
        if (data.hasRemaining()) {
            try {
                store.write(geometry.byteOffset(t.lba()), data, t.fua());
            } catch (ReadOnlyStoreException e) {
                throw new CheckCondition(Sense.WRITE_PROTECTED);
            } catch (IOException e) {
                throw new CheckCondition(Sense.WRITE_ERROR.withInformation(t.lba()));
            }
        }
        return ScsiResult.good(ByteBuffer.allocate(0), transferLength);
    }
}
