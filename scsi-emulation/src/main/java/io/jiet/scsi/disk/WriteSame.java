package io.jiet.scsi.disk;

import io.jiet.scsi.Cdb;
import io.jiet.scsi.CheckCondition;
import io.jiet.scsi.OperationCode;
import io.jiet.scsi.ScsiRequest;
import io.jiet.scsi.ScsiResult;
import io.jiet.scsi.Sense;
import io.jiet.scsi.SupportedCommand;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * WRITE SAME (10) and (16) (SBC-3 §5.41, §5.42): one block of data-out (or zeros with NDOB, (16) only) written to
 * every block of the range. NUMBER OF LOGICAL BLOCKS 0 means "to the end of the medium" (WSNZ is 0); more than
 * {@link #MAXIMUM_BLOCKS} is INVALID FIELD IN CDB.
 * <p>
 * UNMAP 1 on a thin-provisioned logical unit performs the unmap operation SBC-3 §4.7.3.4 describes: the range is
 * deallocated whatever the data-out block holds, and reads back as zeros (LBPRZ 1), as LIO does and libiscsi's
 * WriteSame10.UnmapUntilEnd expects (SBC-4 later lets a device write non-zero data instead). A fully provisioned
 * unit refuses UNMAP 1 (LBPWS and LBPWS10 are 0). ANCHOR is not supported (ANC_SUP 0). The repeated pattern is
 * written in chunks of at most {@link #CHUNK_BYTES}. Immutable.
 */
final class WriteSame {

    /** VPD B0h MAXIMUM WRITE SAME LENGTH; below 65536 so libiscsi's 65536-block probe expects a refusal. */
    static final int MAXIMUM_BLOCKS = 0xFFFF;
    private static final int CHUNK_BYTES = 1 << 20;

    private final Medium medium;

    WriteSame(Medium medium) {
        this.medium = medium;
    }

    List<SupportedCommand> commands() {
        int unmapBits = medium.thinProvisioned() ? 0x08 : 0;
        return List.of(
                SupportedCommand.of(this::execute, OperationCode.WRITE_SAME_10, unmapBits, 0xFF, 0xFF, 0xFF, 0xFF,
                        0x00, 0xFF, 0xFF, 0x00),
                SupportedCommand.of(this::execute, OperationCode.WRITE_SAME_16, unmapBits | 0x01, 0xFF, 0xFF, 0xFF,
                        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00));
    }

    private ScsiResult execute(ScsiRequest request, Cdb cdb) throws CheckCondition {
        boolean sixteen = cdb.operationCode() == OperationCode.WRITE_SAME_16;
        long lba = sixteen ? cdb.u64(2) : cdb.u32(2);
        long requested = sixteen ? cdb.u32(10) : cdb.u16(7);
        int lengthByte = sixteen ? 10 : 7;
        boolean anchor = cdb.bit(1, 4);
        boolean unmap = cdb.bit(1, 3);
        boolean noDataOut = sixteen && cdb.bit(1, 0);
        if (cdb.field(1, 0xE0) != 0) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(1, 7));
        }
        if (anchor) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(1, 4));
        }
        BlockGeometry geometry = medium.geometry();
        if (Long.compareUnsigned(lba, geometry.blockCount()) > 0) {
            throw new CheckCondition(Sense.LBA_OUT_OF_RANGE);
        }
        long blocks = requested == 0 ? geometry.blockCount() - lba : requested;
        if (blocks > MAXIMUM_BLOCKS) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(lengthByte));
        }
        geometry.checkRange(lba, blocks);
        medium.checkWritable();
        if (unmap && !medium.thinProvisioned()) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(1, 3));
        }
        int blockSize = geometry.blockSize();
        ByteBuffer dataOut = request.dataOutView();
        if (dataOut.remaining() != (noDataOut ? 0 : blockSize)) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_CDB);
        }
        ByteBuffer block = noDataOut ? ByteBuffer.allocate(blockSize) : dataOut;
        if (unmap) {
            medium.unmap(lba, blocks);
        } else {
            writeRepeated(lba, blocks, block);
        }
        return ScsiResult.goodWithoutData(noDataOut ? 0 : blockSize);
    }

    private void writeRepeated(long lba, long blocks, ByteBuffer block) throws CheckCondition {
        int blockSize = block.remaining();
        int chunkBlocks = (int) Math.min(blocks, Math.max(1, CHUNK_BYTES / blockSize));
        ByteBuffer chunk = ByteBuffer.allocate(chunkBlocks * blockSize);
        for (int i = 0; i < chunkBlocks; i++) {
            chunk.put(block.duplicate());
        }
        for (long done = 0; done < blocks; ) {
            int n = (int) Math.min(chunkBlocks, blocks - done);
            medium.write(lba + done, chunk.clear().limit(n * blockSize), false);
            done += n;
        }
    }
}
