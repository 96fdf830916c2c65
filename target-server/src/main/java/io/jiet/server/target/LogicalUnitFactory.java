package io.jiet.server.target;

import io.jiet.backstore.BlockIoStore;
import io.jiet.backstore.BlockStore;
import io.jiet.backstore.FileIoStore;
import io.jiet.backstore.IoMode;
import io.jiet.backstore.NullIoStore;
import io.jiet.conf.LunDefinition;
import io.jiet.scsi.LogicalUnit;
import io.jiet.scsi.LogicalUnitIdentity;
import io.jiet.scsi.disk.DiskLogicalUnit;
import io.jiet.scsi.pr.AptplFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Builds a logical unit from a Lun line: the backstore its Type names, IET's identity (with an NAA designator for
 * {@code Identity=naa}, and the VendorId/ProductId/ProductRev overrides), thin provisioning for {@code Thin=yes},
 * and where APTPL persistent reservations are kept.
 * <p>
 * The state directory is the daemon's ({@link #create(String, LunDefinition, Optional)}), else the system
 * property {@value #STATE_DIR_PROPERTY}, else {@value #SIBLING_STATE_DIR} next to a regular backing file. Block
 * devices and nullio LUNs without a state directory do not support APTPL (PTPL_C 0): a directory in /dev would not
 * survive a reboot.
 */
public final class LogicalUnitFactory {

    /** System property naming the directory for persistent state (APTPL reservations). */
    public static final String STATE_DIR_PROPERTY = "jiet.state.dir";
    /** The state directory used next to a regular backing file when none is configured. */
    public static final String SIBLING_STATE_DIR = ".jiet-state";

    /** IET's nullio default size when neither Blocks nor Sectors is given: 64 GiB of 512-byte blocks. */
    private static final long NULLIO_DEFAULT_BLOCKS = 64L * 1024 * 1024 * 1024 / 512;

    private LogicalUnitFactory() {
    }

    public static LogicalUnit create(String targetName, LunDefinition lun) throws IOException {
        return create(targetName, lun, Optional.ofNullable(System.getProperty(STATE_DIR_PROPERTY)).map(Path::of));
    }

    /** @param stateDirectory the daemon's state directory; empty falls back as the class comment says */
    public static LogicalUnit create(String targetName, LunDefinition lun, Optional<Path> stateDirectory)
            throws IOException {
        Optional<Path> path = lun.path().map(Path::of);
        BlockStore store = switch (lun.type()) {
            case "nullio" -> new NullIoStore(lun.blocks().orElse(NULLIO_DEFAULT_BLOCKS) * lun.blockSize());
            case "fileio" -> FileIoStore.open(path.orElseThrow(), ioMode(lun));
            case "blockio" -> blockIo(path.orElseThrow(), lun);
            default -> throw new IOException("unsupported LUN type " + lun.type());
        };
        try {
            DiskLogicalUnit.Options options = DiskLogicalUnit.Options.defaults().withThinProvisioning(lun.thin())
                    .withRdac(lun.rdac());
            Optional<Path> stateDir = stateDirectory.or(() -> path.filter(Files::isRegularFile)
                    .map(p -> p.toAbsolutePath().getParent().resolve(SIBLING_STATE_DIR)));
            if (stateDir.isPresent()) {
                options = options.withAptplFile(AptplFile.in(stateDir.get(), targetName + ":" + lun.lun()));
            }
            return new DiskLogicalUnit(store, lun.blockSize(), identity(targetName, lun), options);
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * O_DIRECT on the device or file. The LUN's blocks must be whole device sectors: a BlockSize below the
     * logical block size cannot be addressed, so the LUN is refused with both sizes named.
     */
    private static BlockStore blockIo(Path path, LunDefinition lun) throws IOException {
        if (ioMode(lun) == IoMode.WRITE_BACK) {
            // The parser refuses this; a definition built another way gets the same answer as an I/O error.
            throw new IOException("IOMode=wb does not apply to Type=blockio, which bypasses the page cache; use wt"
                    + " or ro, or Type=fileio");
        }
        BlockIoStore store = BlockIoStore.open(path, ioMode(lun));
        try {
            store.requireBlockSize(lun.blockSize());
            return store;
        } catch (IOException e) {
            store.close();
            throw e;
        }
    }

    private static LogicalUnitIdentity identity(String targetName, LunDefinition lun) {
        LogicalUnitIdentity iet = LogicalUnitIdentity.iet(targetName, lun.lun(), lun.scsiId().orElse(null),
                lun.scsiSn().orElse(null));
        LogicalUnitIdentity identity = new LogicalUnitIdentity(lun.vendorId().orElse(iet.vendorIdentification()),
                lun.productId().orElse(iet.productIdentification()),
                lun.productRev().orElse(iet.productRevisionLevel()), iet.unitSerialNumber(), iet.designators());
        String mode = lun.extraOptions().getOrDefault("identity", "iet");
        return mode.equalsIgnoreCase("naa") || mode.equalsIgnoreCase("modern") ? identity.withNaaDesignator()
                : identity;
    }

    private static IoMode ioMode(LunDefinition lun) {
        return switch (lun.ioMode()) {
            case WB -> IoMode.WRITE_BACK;
            case WT -> IoMode.WRITE_THROUGH;
            case RO -> IoMode.READ_ONLY;
        };
    }
}
