package io.jiet.scsi.disk;

import io.jiet.backstore.BlockStore;
import io.jiet.scsi.Cdb;
import io.jiet.scsi.CheckCondition;
import io.jiet.scsi.OperationCode;
import io.jiet.scsi.ReservationAccess;
import io.jiet.scsi.ScsiRequest;
import io.jiet.scsi.ScsiResult;
import io.jiet.scsi.Sense;
import io.jiet.scsi.SupportedCommand;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * UNMAP (SBC-3 §5.28) and GET LBA STATUS (SBC-3 §5.16), logical block provisioning (SBC-3 §4.7). A thin logical
 * unit (LBPME 1) deallocates UNMAPped blocks in the store (holes in a file, so the file really shrinks on disk)
 * and they read back as zeros (LBPRZ 1); GET LBA STATUS reports the store's holes as deallocated extents. A fully
 * provisioned unit has no UNMAP, and GET LBA STATUS reports everything mapped. Anchored blocks are not supported
 * (ANC_SUP 0). Immutable.
 */
final class LogicalBlockProvisioning {

    /** VPD B0h MAXIMUM UNMAP BLOCK DESCRIPTOR COUNT: what a 16-bit PARAMETER LIST LENGTH can carry. */
    static final int MAXIMUM_DESCRIPTORS = (0xFFFF - 8) / 16;
    /** VPD B0h MAXIMUM UNMAP LBA COUNT: no limit (FFFFFFFFh); a hole is punched in one call whatever its size. */
    static final long MAXIMUM_LBA_COUNT = 0xFFFF_FFFFL;
    /** GET LBA STATUS describes at most this many extents per command. */
    private static final int MAXIMUM_STATUS_DESCRIPTORS = 128;
    private static final int MAPPED = 0x0;
    private static final int DEALLOCATED = 0x1;

    private final Medium medium;

    LogicalBlockProvisioning(Medium medium) {
        this.medium = medium;
    }

    List<SupportedCommand> commands() {
        List<SupportedCommand> list = new ArrayList<>();
        if (medium.thinProvisioned()) {
            list.add(SupportedCommand.of(this::unmap, OperationCode.UNMAP, 0x00, 0, 0, 0, 0, 0x00, 0xFF, 0xFF,
                    0x00));
        }
        list.add(SupportedCommand.ofServiceAction(OperationCode.GET_LBA_STATUS_SERVICE_ACTION, this::getLbaStatus,
                OperationCode.SERVICE_ACTION_IN_16, OperationCode.GET_LBA_STATUS_SERVICE_ACTION, 0xFF, 0xFF, 0xFF,
                0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00)
                .withAccess(ReservationAccess.READ));
        return list;
    }

    /**
     * SBC-3 tables 83-84: an 8-byte header, then 16-byte block descriptors (LBA, NUMBER OF LOGICAL BLOCKS). Every
     * descriptor is checked before any block is deallocated, so a bad list changes nothing.
     */
    private ScsiResult unmap(ScsiRequest request, Cdb cdb) throws CheckCondition {
        if (cdb.bit(1, 0)) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(1, 0));
        }
        int listLength = cdb.u16(7);
        medium.checkWritable();
        if (listLength == 0) {
            return ScsiResult.good();
        }
        ByteBuffer dataOut = request.dataOutView();
        if (listLength < 8 || dataOut.remaining() < listLength) {
            throw new CheckCondition(Sense.PARAMETER_LIST_LENGTH_ERROR);
        }
        ByteBuffer list = dataOut.slice(dataOut.position(), listLength);
        int descriptorBytes = Math.min(list.getShort(2) & 0xFFFF, listLength - 8);
        int count = descriptorBytes / 16;
        if (count > MAXIMUM_DESCRIPTORS) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_PARAMETER_LIST.inParameterList(2));
        }
        BlockGeometry geometry = medium.geometry();
        long total = 0;
        for (int i = 0; i < count; i++) {
            int at = 8 + 16 * i;
            long lba = list.getLong(at);
            long blocks = list.getInt(at + 8) & 0xFFFF_FFFFL;
            geometry.checkRange(lba, blocks);
            total += blocks;
            if (total > MAXIMUM_LBA_COUNT) {
                throw new CheckCondition(Sense.INVALID_FIELD_IN_PARAMETER_LIST.inParameterList(at + 8));
            }
        }
        for (int i = 0; i < count; i++) {
            int at = 8 + 16 * i;
            medium.unmap(list.getLong(at), list.getInt(at + 8) & 0xFFFF_FFFFL);
        }
        return ScsiResult.goodWithoutData(listLength);
    }

    /**
     * SBC-3 tables 57-59: the first descriptor starts at the STARTING LOGICAL BLOCK ADDRESS; each following one
     * where the previous ended; adjacent extents alternate between mapped (0h) and deallocated (1h).
     */
    private ScsiResult getLbaStatus(ScsiRequest request, Cdb cdb) throws CheckCondition {
        long start = cdb.u64(2);
        int allocationLength = (int) Math.min(Integer.MAX_VALUE, cdb.u32(10));
        BlockGeometry geometry = medium.geometry();
        if (Long.compareUnsigned(start, geometry.blockCount()) >= 0) {
            throw new CheckCondition(Sense.LBA_OUT_OF_RANGE);
        }
        int wanted = Math.clamp((allocationLength - 8) / 16, 1, MAXIMUM_STATUS_DESCRIPTORS);
        List<long[]> extents = extents(start, wanted, geometry);
        ByteBuffer data = ByteBuffer.allocate(8 + 16 * extents.size());
        data.putInt(4 + 16 * extents.size()).putInt(0);
        for (long[] e : extents) {
            data.putLong(e[0]).putInt((int) e[1]).put((byte) e[2]).put(new byte[3]);
        }
        return ScsiResult.good(data.array(), allocationLength);
    }

    /** Up to {@code wanted} extents {lba, blocks, status} from {@code start}, merged where the status repeats. */
    private List<long[]> extents(long start, int wanted, BlockGeometry geometry) throws CheckCondition {
        List<long[]> extents = new ArrayList<>();
        int blockSize = geometry.blockSize();
        long lba = start;
        while (lba < geometry.blockCount() && extents.size() <= wanted) {
            long remaining = geometry.blockCount() - lba;
            long blocks;
            int status;
            if (!medium.thinProvisioned()) {
                blocks = remaining;
                status = MAPPED;
            } else {
                BlockStore.Allocation a;
                try {
                    a = medium.store().allocation(geometry.byteOffset(lba), remaining * blockSize);
                } catch (IOException e) {
                    throw new CheckCondition(Sense.UNRECOVERED_READ_ERROR.withInformation(lba));
                }
                // A block partly allocated counts as mapped: round mapped runs up, deallocated ones down.
                blocks = a.mapped() ? (a.length() + blockSize - 1) / blockSize : a.length() / blockSize;
                status = a.mapped() || blocks == 0 ? MAPPED : DEALLOCATED;
                blocks = Math.clamp(blocks, 1, remaining);
            }
            long[] last = extents.isEmpty() ? null : extents.getLast();
            if (last != null && last[2] == status && last[1] + blocks <= 0xFFFF_FFFFL) {
                last[1] += blocks;
            } else {
                extents.add(new long[] {lba, Math.min(blocks, 0xFFFF_FFFFL), status});
                blocks = Math.min(blocks, 0xFFFF_FFFFL);
            }
            lba += blocks;
        }
        return extents.size() > wanted ? extents.subList(0, wanted) : extents;
    }
}
