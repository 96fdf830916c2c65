package io.jiet.scsi.disk;

import io.jiet.scsi.Cdb;
import io.jiet.scsi.CheckCondition;
import io.jiet.scsi.OperationCode;
import io.jiet.scsi.ReservationAccess;
import io.jiet.scsi.ScsiRequest;
import io.jiet.scsi.ScsiResult;
import io.jiet.scsi.SupportedCommand;
import java.util.List;

/**
 * SYNCHRONIZE CACHE (10)/(16) (SBC-3 §5.22, §5.23) and PRE-FETCH (10)/(16) (SBC-3 §5.6, §5.7). SYNCHRONIZE CACHE
 * flushes the whole store: a byte range cannot be flushed alone, and IMMED is honoured by completing only after
 * the flush, which SBC-3 permits. PRE-FETCH checks the range and ends GOOD: the page cache gives no promise that
 * the blocks stay cached, so CONDITION MET (SBC-3 §5.6) is never claimed. Immutable.
 */
final class Cache {

    private final Medium medium;

    Cache(Medium medium) {
        this.medium = medium;
    }

    List<SupportedCommand> commands() {
        return List.of(
                SupportedCommand.of(this::prefetch, OperationCode.PRE_FETCH_10,
                        0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x1F, 0xFF, 0xFF, 0x00).withAccess(ReservationAccess.READ),
                SupportedCommand.of(this::synchronizeCache, OperationCode.SYNCHRONIZE_CACHE_10,
                        0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0xFF, 0xFF, 0x00),
                SupportedCommand.of(this::prefetch, OperationCode.PRE_FETCH_16, 0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x1F, 0x00).withAccess(ReservationAccess.READ),
                SupportedCommand.of(this::synchronizeCache, OperationCode.SYNCHRONIZE_CACHE_16,
                        0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00));
    }

    /** NUMBER OF LOGICAL BLOCKS 0 means "through the last LBA"; the range is checked either way. */
    private ScsiResult synchronizeCache(ScsiRequest request, Cdb cdb) throws CheckCondition {
        checkRange(cdb);
        medium.flush();
        return ScsiResult.good();
    }

    /** PREFETCH LENGTH 0 means "through the last LBA" (SBC-3 §5.6). */
    private ScsiResult prefetch(ScsiRequest request, Cdb cdb) throws CheckCondition {
        checkRange(cdb);
        return ScsiResult.good();
    }

    private void checkRange(Cdb cdb) throws CheckCondition {
        // The transport may hand over the whole 16-byte CDB field: the operation code tells the size.
        boolean sixteen = cdb.operationCode() == OperationCode.PRE_FETCH_16
                || cdb.operationCode() == OperationCode.SYNCHRONIZE_CACHE_16;
        long lba = sixteen ? cdb.u64(2) : cdb.u32(2);
        long blocks = sixteen ? cdb.u32(10) : cdb.u16(7);
        medium.geometry().checkRange(lba, blocks);
    }
}
