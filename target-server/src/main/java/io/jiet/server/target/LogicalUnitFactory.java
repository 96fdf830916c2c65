package io.jiet.server.target;

import io.jiet.backstore.BlockStore;
import io.jiet.backstore.FileIoStore;
import io.jiet.backstore.IoMode;
import io.jiet.backstore.NullIoStore;
import io.jiet.conf.LunDefinition;
import io.jiet.scsi.disk.DiskLogicalUnit;
import io.jiet.scsi.LogicalUnit;
import io.jiet.scsi.LogicalUnitIdentity;
import java.io.IOException;
import java.nio.file.Path;

/** Builds a logical unit from a Lun line: the backstore its Type names, with IET's identity. */
public final class LogicalUnitFactory {

    /** IET's nullio default size when neither Blocks nor Sectors is given: 64 GiB of 512-byte blocks. */
    private static final long NULLIO_DEFAULT_BLOCKS = 64L * 1024 * 1024 * 1024 / 512;

    private LogicalUnitFactory() {
    }

    public static LogicalUnit create(String targetName, LunDefinition lun) throws IOException {
        BlockStore store = switch (lun.type()) {
            case "nullio" -> new NullIoStore(lun.blocks().orElse(NULLIO_DEFAULT_BLOCKS) * lun.blockSize());
            // blockio gets O_DIRECT in its own issue; until then it shares fileio's positional I/O.
            case "fileio", "blockio" -> FileIoStore.open(Path.of(lun.path().orElseThrow()), ioMode(lun));
            default -> throw new IOException("unsupported LUN type " + lun.type());
        };
        LogicalUnitIdentity identity = LogicalUnitIdentity.iet(targetName, lun.lun(), lun.scsiId().orElse(null),
                lun.scsiSn().orElse(null));
        return new DiskLogicalUnit(store, lun.blockSize(), identity);
    }

    private static IoMode ioMode(LunDefinition lun) {
        return switch (lun.ioMode()) {
            case WB -> IoMode.WRITE_BACK;
            case WT -> IoMode.WRITE_THROUGH;
            case RO -> IoMode.READ_ONLY;
        };
    }
}
