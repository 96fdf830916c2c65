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
 * VERIFY (10)/(12)/(16) (SBC-3 §5.26-§5.28) and WRITE AND VERIFY (10)/(12)/(16) (SBC-3 §5.38-§5.40). Medium
 * verification reads the blocks back; BYTCHK 01b compares them with the data-out buffer, BYTCHK 11b (VERIFY only)
 * compares one data-out block with each of them. A difference ends in MISCOMPARE DURING VERIFY OPERATION with the
 * offset of the first differing byte in INFORMATION. WRITE AND VERIFY writes durably before it verifies.
 * Immutable.
 */
final class Verify {

    private static final int NO_BYTE_CHECK = 0b00;
    private static final int BYTE_CHECK = 0b01;
    private static final int BYTE_CHECK_ONE_BLOCK = 0b11;

    private final ReadWrite blocks;
    private final Medium medium;

    Verify(ReadWrite blocks, Medium medium) {
        this.blocks = blocks;
        this.medium = medium;
    }

    List<SupportedCommand> commands() {
        return List.of(
                SupportedCommand.of(this::writeAndVerify, OperationCode.WRITE_AND_VERIFY_10, 0x12,
                        0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0xFF, 0xFF, 0x00),
                SupportedCommand.of(this::verify, OperationCode.VERIFY_10, 0x16,
                        0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0xFF, 0xFF, 0x00).withAccess(ReservationAccess.READ),
                SupportedCommand.of(this::writeAndVerify, OperationCode.WRITE_AND_VERIFY_16, 0x12,
                        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00),
                SupportedCommand.of(this::verify, OperationCode.VERIFY_16, 0x16,
                        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00)
                        .withAccess(ReservationAccess.READ),
                SupportedCommand.of(this::writeAndVerify, OperationCode.WRITE_AND_VERIFY_12, 0x12,
                        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00),
                SupportedCommand.of(this::verify, OperationCode.VERIFY_12, 0x16,
                        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00).withAccess(ReservationAccess.READ));
    }

    /** SBC-3 table 75: BYTCHK 10b is reserved. */
    private ScsiResult verify(ScsiRequest request, Cdb cdb) throws CheckCondition {
        Transfer t = blocks.checked(cdb);
        int length = blocks.transferLength(t);
        return switch (t.byteCheck()) {
            case NO_BYTE_CHECK -> {
                medium.read(t.lba(), length);
                yield ScsiResult.good();
            }
            case BYTE_CHECK -> {
                ByteBuffer expected = blocks.dataOut(request, t);
                compare(expected, medium.read(t.lba(), expected.remaining()));
                yield ScsiResult.goodWithoutData(length);
            }
            case BYTE_CHECK_ONE_BLOCK -> {
                int blockSize = medium.geometry().blockSize();
                ByteBuffer block = request.dataOutView();
                block.limit(block.position() + Math.min(block.remaining(), blockSize));
                ByteBuffer onMedium = medium.read(t.lba(), length);
                for (int at = 0; at < length; at += blockSize) {
                    compare(block.duplicate(), onMedium.duplicate().position(at).limit(at + block.remaining()), at);
                }
                yield ScsiResult.goodWithoutData(t.blocks() == 0 ? 0 : blockSize);
            }
            default -> throw new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(1, 2));
        };
    }

    /** SBC-3 table 104: BYTCHK 00b or 01b; 1xb is reserved. */
    private ScsiResult writeAndVerify(ScsiRequest request, Cdb cdb) throws CheckCondition {
        Transfer t = blocks.checked(cdb);
        if (t.byteCheck() > BYTE_CHECK) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(1, 2));
        }
        ByteBuffer data = blocks.dataOut(request, t);
        medium.write(t.lba(), data.duplicate(), true);
        ByteBuffer written = medium.read(t.lba(), data.remaining());
        if (t.byteCheck() == BYTE_CHECK) {
            compare(data, written);
        }
        return ScsiResult.goodWithoutData(blocks.transferLength(t));
    }

    private static void compare(ByteBuffer expected, ByteBuffer medium) throws CheckCondition {
        compare(expected, medium, 0);
    }

    /** INFORMATION is the offset in the data-out buffer; for BYTCHK 11b, of the block compared against. */
    private static void compare(ByteBuffer expected, ByteBuffer medium, int base) throws CheckCondition {
        int mismatch = expected.mismatch(medium);
        if (mismatch >= 0) {
            throw new CheckCondition(Sense.MISCOMPARE_DURING_VERIFY_OPERATION.withInformation(base + mismatch));
        }
    }
}
