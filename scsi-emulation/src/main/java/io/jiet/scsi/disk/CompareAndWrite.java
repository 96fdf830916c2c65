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
 * The read-modify-write commands: COMPARE AND WRITE (SBC-3 §5.2, VMware's ATS) and ORWRITE (16) (SBC-3 §5.13).
 * Each holds its blocks' range locks exclusively from the read to the end of the write, so no other write of those
 * blocks lands in between and two racing COMPARE AND WRITEs of the same block see each other's result: exactly one
 * of them can win.
 * <p>
 * COMPARE AND WRITE's data-out holds the verify data then the write data, NUMBER OF LOGICAL BLOCKS each; any
 * other length is INVALID FIELD IN CDB (pointing at that field), which also covers libiscsi's 256-block request
 * whose 8-bit field wrapped to 0. A difference ends in MISCOMPARE DURING VERIFY OPERATION with the offset of the
 * first differing byte in INFORMATION, and nothing is written. Immutable.
 */
final class CompareAndWrite {

    /** VPD B0h MAXIMUM COMPARE AND WRITE LENGTH: the most an 8-bit NUMBER OF LOGICAL BLOCKS can say. */
    static final int MAXIMUM_BLOCKS = 255;

    private final ReadWrite blocks;
    private final Medium medium;

    CompareAndWrite(ReadWrite blocks, Medium medium) {
        this.blocks = blocks;
        this.medium = medium;
    }

    List<SupportedCommand> commands() {
        return List.of(
                SupportedCommand.of(this::compareAndWrite, OperationCode.COMPARE_AND_WRITE, 0x1A, 0xFF, 0xFF, 0xFF,
                        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0xFF, 0x00, 0x00),
                SupportedCommand.of(this::orWrite, OperationCode.ORWRITE_16, 0x1A, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00));
    }

    private ScsiResult compareAndWrite(ScsiRequest request, Cdb cdb) throws CheckCondition {
        Transfer t = blocks.checked(cdb);
        int blockSize = medium.geometry().blockSize();
        int half = (int) t.blocks() * blockSize;
        ByteBuffer dataOut = request.dataOutView();
        if (dataOut.remaining() != 2 * half) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(13));
        }
        medium.checkWritable();
        if (t.blocks() == 0) {
            return ScsiResult.good();
        }
        ByteBuffer verify = dataOut.duplicate().limit(dataOut.position() + half);
        ByteBuffer write = dataOut.duplicate().position(dataOut.position() + half);
        long offset = medium.geometry().byteOffset(t.lba());
        long mask = medium.locks().lockExclusive(offset, half);
        try {
            ByteBuffer current = medium.read(t.lba(), half);
            int mismatch = verify.mismatch(current);
            if (mismatch >= 0) {
                throw new CheckCondition(Sense.MISCOMPARE_DURING_VERIFY_OPERATION.withInformation(mismatch));
            }
            medium.writeHeld(t.lba(), write, t.fua());
        } finally {
            medium.locks().unlockExclusive(mask);
        }
        return ScsiResult.goodWithoutData(2 * half);
    }

    /** ORWRITE (16): each data-out byte is ORed into the medium (BMOP 000b); the blocks are written back. */
    private ScsiResult orWrite(ScsiRequest request, Cdb cdb) throws CheckCondition {
        Transfer t = blocks.checked(cdb);
        medium.checkWritable();
        ByteBuffer data = blocks.dataOut(request, t);
        int length = data.remaining();
        if (length > 0) {
            long offset = medium.geometry().byteOffset(t.lba());
            long mask = medium.locks().lockExclusive(offset, length);
            try {
                ByteBuffer merged = medium.read(t.lba(), length);
                for (int i = 0; i < length; i++) {
                    merged.put(i, (byte) (merged.get(i) | data.get(data.position() + i)));
                }
                medium.writeHeld(t.lba(), merged, t.fua());
            } finally {
                medium.locks().unlockExclusive(mask);
            }
        }
        return ScsiResult.goodWithoutData(blocks.transferLength(t));
    }
}
