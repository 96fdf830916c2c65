package io.jiet.scsi.disk;

import io.jiet.scsi.Cdb;
import io.jiet.scsi.CheckCondition;
import io.jiet.scsi.OperationCode;
import io.jiet.scsi.ReservationAccess;
import io.jiet.scsi.ScsiRequest;
import io.jiet.scsi.ScsiResult;
import io.jiet.scsi.Sense;
import io.jiet.scsi.SupportedCommand;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * READ CAPACITY (10) and (16), SBC-3 §5.15 and §5.16. No protection information. READ CAPACITY (16) reports the
 * LOGICAL BLOCKS PER PHYSICAL BLOCK EXPONENT (the store's allocation unit, e.g. a 4 KiB file system block under
 * 512-byte logical blocks gives 3) and, for a thin logical unit, LBPME and LBPRZ. Allowed whatever is reserved.
 * Immutable.
 */
final class ReadCapacity {

    private static final int READ_CAPACITY_16_LENGTH = 32;

    private final Medium medium;

    ReadCapacity(Medium medium) {
        this.medium = medium;
    }

    List<SupportedCommand> commands() {
        return List.of(
                SupportedCommand.of(this::readCapacity10, OperationCode.READ_CAPACITY_10,
                        0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0x01, 0x00).withAccess(ReservationAccess.UNRESTRICTED),
                SupportedCommand.ofServiceAction(OperationCode.READ_CAPACITY_16_SERVICE_ACTION, this::readCapacity16,
                        OperationCode.SERVICE_ACTION_IN_16, OperationCode.READ_CAPACITY_16_SERVICE_ACTION,
                        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x00)
                        .withAccess(ReservationAccess.UNRESTRICTED));
    }

    /** SBC-3 table 64: RETURNED LBA is FFFFFFFFh when the last LBA does not fit, telling hosts to use (16). */
    private ScsiResult readCapacity10(ScsiRequest request, Cdb cdb) throws CheckCondition {
        checkObsoletePmi(cdb.bit(8, 0), cdb.u32(2) != 0);
        BlockGeometry geometry = medium.geometry();
        long last = geometry.lastLogicalBlockAddress();
        ByteBuffer data = ByteBuffer.allocate(8);
        data.putInt(last >= 0xFFFF_FFFFL ? -1 : (int) last);
        data.putInt(geometry.blockSize());
        return ScsiResult.good(data.flip());
    }

    /**
     * SBC-3 table 66: byte 12 (PROT_EN, P_TYPE) 0; byte 13 LBPPBE; byte 14 LBPME (bit 7) and LBPRZ (bit 6) for a
     * thin unit, LOWEST ALIGNED LOGICAL BLOCK ADDRESS 0.
     */
    private ScsiResult readCapacity16(ScsiRequest request, Cdb cdb) throws CheckCondition {
        checkObsoletePmi(cdb.bit(14, 0), cdb.u64(2) != 0);
        BlockGeometry geometry = medium.geometry();
        ByteBuffer data = ByteBuffer.allocate(READ_CAPACITY_16_LENGTH);
        data.putLong(geometry.lastLogicalBlockAddress());
        data.putInt(geometry.blockSize());
        data.put((byte) 0);
        data.put((byte) geometry.physicalBlockExponent());
        data.put((byte) (medium.thinProvisioned() ? 0xC0 : 0x00));
        return ScsiResult.good(data.array(), (int) Math.min(Integer.MAX_VALUE, cdb.u32(10)));
    }

    /** SBC-3 §5.15.1: with PMI 0 (the obsolete partial medium indicator) the LBA field shall be 0. */
    private static void checkObsoletePmi(boolean pmi, boolean lbaGiven) throws CheckCondition {
        if (!pmi && lbaGiven) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(2));
        }
    }
}
