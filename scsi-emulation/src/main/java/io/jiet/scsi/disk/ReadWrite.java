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
 * READ and WRITE (6), (10), (12) and (16) (SBC-3 §5.8-§5.11, §5.32-§5.35) and WRITE ATOMIC (16) (SBC-4 §5.48).
 * DPO is accepted and ignored, FUA makes a write durable before GOOD; there is no protection information, so a
 * non-zero RDPROTECT or WRPROTECT is refused. Immutable; commands on the same logical unit run concurrently.
 * <p>
 * When the data-out buffer is shorter than the CDB's transfer length (iSCSI Expected Data Transfer Length below
 * it), only the bytes received are written and the command still ends GOOD: FCP-4's option a), which libiscsi's
 * Write*Residuals tests check. The result always reports the CDB's transfer length so the transport derives the
 * residual.
 * <p>
 * WRITE ATOMIC takes its blocks' range locks exclusively, so no other command sees or makes a partial state of
 * them. That is atomicity between commands; whether a torn write can survive a power failure is the backing
 * store's business (a file system gives no such promise beyond one block), which is why MAXIMUM ATOMIC TRANSFER
 * LENGTH is a hint hosts should treat with care on file-backed LUNs.
 */
final class ReadWrite {

    private final Medium medium;

    ReadWrite(Medium medium) {
        this.medium = medium;
    }

    List<SupportedCommand> commands() {
        return List.of(
                read(SupportedCommand.of(this::read, OperationCode.READ_6, 0x1F, 0xFF, 0xFF, 0xFF, 0x00)),
                SupportedCommand.of(this::write, OperationCode.WRITE_6, 0x1F, 0xFF, 0xFF, 0xFF, 0x00),
                read(SupportedCommand.of(this::read, OperationCode.READ_10, 0x18, 0xFF, 0xFF, 0xFF, 0xFF, 0x00,
                        0xFF, 0xFF, 0x00)),
                SupportedCommand.of(this::write, OperationCode.WRITE_10, 0x18, 0xFF, 0xFF, 0xFF, 0xFF, 0x00,
                        0xFF, 0xFF, 0x00),
                read(SupportedCommand.of(this::read, OperationCode.READ_12, 0x18, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                        0xFF, 0xFF, 0xFF, 0x00, 0x00)),
                SupportedCommand.of(this::write, OperationCode.WRITE_12, 0x18, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                        0xFF, 0xFF, 0x00, 0x00),
                read(SupportedCommand.of(this::read, OperationCode.READ_16, 0x18, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00)),
                SupportedCommand.of(this::write, OperationCode.WRITE_16, 0x18, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00),
                SupportedCommand.of(this::writeAtomic, OperationCode.WRITE_ATOMIC_16, 0x18, 0xFF, 0xFF, 0xFF,
                        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00));
    }

    private static SupportedCommand read(SupportedCommand c) {
        return c.withAccess(ReservationAccess.READ);
    }

    /** Decodes a data transfer CDB and applies the checks every one of them needs, protection field first. */
    Transfer checked(Cdb cdb) throws CheckCondition {
        Transfer t = Transfer.decode(cdb);
        if (t.protect() != 0) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(1, 7));
        }
        BlockGeometry geometry = medium.geometry();
        geometry.checkRange(t.lba(), t.blocks());
        if (t.blocks() > geometry.maximumTransferBlocks()) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(t.transferLengthByte()));
        }
        return t;
    }

    static boolean isRead(int operationCode) {
        return operationCode == OperationCode.READ_6 || operationCode == OperationCode.READ_10
                || operationCode == OperationCode.READ_12 || operationCode == OperationCode.READ_16;
    }

    private ScsiResult read(ScsiRequest request, Cdb cdb) throws CheckCondition {
        return read(request, cdb, true);
    }

    /** READ without waiting for the device: its result, or null if the store would have to wait. */
    ScsiResult readIfCached(ScsiRequest request, Cdb cdb) throws CheckCondition {
        return read(request, cdb, false);
    }

    /**
     * A cached span of the file where the transport takes those, else the bytes read into the transport's buffer;
     * without {@code mayWait} only from a cache (null if the store would wait).
     */
    private ScsiResult read(ScsiRequest request, Cdb cdb, boolean mayWait) throws CheckCondition {
        Transfer t = checked(cdb);
        int transferLength = transferLength(t);
        ScsiResult fromFile = fromCachedFile(request, t, transferLength);
        if (fromFile != null) {
            return fromFile;
        }
        int length = bytesToRead(request, transferLength);
        if (!mayWait && length > request.dataInBuffers().copyWithoutWaitingLimit()) {
            return null;
        }
        ByteBuffer data = request.dataInBuffers().allocate(length);
        if (mayWait) {
            medium.read(t.lba(), data);
        } else if (!medium.tryRead(t.lba(), data)) {
            return null;
        }
        return ScsiResult.good(data.flip(), transferLength);
    }

    /** The data as a cached span of the backing file, where the transport takes those; else null. */
    private ScsiResult fromCachedFile(ScsiRequest request, Transfer t, int transferLength) {
        int length = bytesToRead(request, transferLength);
        if (length == 0 || !request.dataInBuffers().takesFileSpans()) {
            return null;
        }
        return medium.cachedFileSpan(t.lba(), length)
                .map(span -> ScsiResult.goodFromFile(span, transferLength)).orElse(null);
    }

    /** Data the initiator has no room for would be cut by the transport anyway; it is not read. */
    private static int bytesToRead(ScsiRequest request, int transferLength) {
        return Math.min(transferLength, Math.max(0, request.allocationLimit()));
    }

    private ScsiResult write(ScsiRequest request, Cdb cdb) throws CheckCondition {
        Transfer t = checked(cdb);
        if (request.dataOutSegments().isEmpty()) {
            medium.write(t.lba(), dataOut(request, t), t.fua());
        } else {
            medium.write(t.lba(), segmentsUpTo(request.dataOutSegments(), transferLength(t)), t.fua());
        }
        return ScsiResult.goodWithoutData(transferLength(t));
    }

    /** The segments' first {@code limit} bytes (fewer if fewer arrived), as views the store may consume. */
    private static ByteBuffer[] segmentsUpTo(List<ByteBuffer> segments, int limit) {
        List<ByteBuffer> views = new java.util.ArrayList<>(segments.size());
        int left = limit;
        for (ByteBuffer segment : segments) {
            if (left == 0) {
                break;
            }
            ByteBuffer view = segment.duplicate();
            view.limit(view.position() + Math.min(view.remaining(), left));
            left -= view.remaining();
            views.add(view);
        }
        return views.toArray(ByteBuffer[]::new);
    }

    /** SBC-4 §5.48: ATOMIC BOUNDARY must be 0 (no boundary support is reported), the length within the limit. */
    private ScsiResult writeAtomic(ScsiRequest request, Cdb cdb) throws CheckCondition {
        if (cdb.u16(10) != 0) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(10));
        }
        Transfer t = checked(cdb);
        medium.checkWritable();
        ByteBuffer data = dataOut(request, t);
        if (data.hasRemaining()) {
            long offset = medium.geometry().byteOffset(t.lba());
            long mask = medium.locks().lockExclusive(offset, data.remaining());
            try {
                medium.writeHeld(t.lba(), data, t.fua());
            } finally {
                medium.locks().unlockExclusive(mask);
            }
        }
        return ScsiResult.goodWithoutData(transferLength(t));
    }

    int transferLength(Transfer t) {
        return (int) (t.blocks() * medium.geometry().blockSize());
    }

    /** The data-out bytes the command may use: at most its transfer length, fewer if fewer arrived. */
    ByteBuffer dataOut(ScsiRequest request, Transfer t) {
        ByteBuffer data = request.dataOutView();
        data.limit(data.position() + Math.min(data.remaining(), transferLength(t)));
        return data;
    }
}
