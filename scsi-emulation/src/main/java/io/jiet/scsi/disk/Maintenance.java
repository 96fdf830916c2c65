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
import java.util.List;

/**
 * TEST UNIT READY (SPC-4 §6.47), REQUEST SENSE (SPC-4 §6.39) and SYNCHRONIZE CACHE (10)/(16) (SBC-3 §5.22, §5.23).
 * The unit is always ready, and with autosense on every CHECK CONDITION no sense is ever left pending, so REQUEST
 * SENSE reports NO SENSE. SYNCHRONIZE CACHE flushes the whole store: a byte range cannot be flushed alone, and
 * IMMED is honoured by completing only after the flush, which SBC-3 permits. Immutable.
 */
final class Maintenance {

    private final BlockStore store;
    private final BlockGeometry geometry;

    Maintenance(BlockStore store, BlockGeometry geometry) {
        this.store = store;
        this.geometry = geometry;
    }

    List<SupportedCommand> commands() {
        return List.of(
                SupportedCommand.of((request, cdb) -> ScsiResult.good(),
                        OperationCode.TEST_UNIT_READY, 0, 0, 0, 0, 0x00),
                SupportedCommand.of(Maintenance::requestSense,
                        OperationCode.REQUEST_SENSE, 0x01, 0, 0, 0xFF, 0x00),
                SupportedCommand.of(this::synchronizeCache, OperationCode.SYNCHRONIZE_CACHE_10,
                        0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0xFF, 0xFF, 0x00),
                SupportedCommand.of(this::synchronizeCache, OperationCode.SYNCHRONIZE_CACHE_16,
                        0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00));
    }

    /** DESC (byte 1 bit 0) selects descriptor-format sense data. */
    private static ScsiResult requestSense(ScsiRequest request, Cdb cdb) {
        Sense none = Sense.NO_ADDITIONAL_SENSE_INFORMATION;
        byte[] data = cdb.bit(1, 0) ? none.descriptorFormat() : none.fixedFormat();
        return ScsiResult.good(data, cdb.u8(4));
    }

    /** NUMBER OF LOGICAL BLOCKS 0 means "through the last LBA"; the range is checked either way. */
    private ScsiResult synchronizeCache(ScsiRequest request, Cdb cdb) throws CheckCondition {
        boolean sixteen = cdb.operationCode() == OperationCode.SYNCHRONIZE_CACHE_16;
        long lba = sixteen ? cdb.u64(2) : cdb.u32(2);
        long blocks = sixteen ? cdb.u32(10) : cdb.u16(7);
        geometry.checkRange(lba, blocks);
        try {
            store.flush();
        } catch (IOException e) {
            throw new CheckCondition(Sense.WRITE_ERROR);
        }
        return ScsiResult.good();
    }
}
