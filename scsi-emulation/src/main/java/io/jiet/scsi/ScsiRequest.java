package io.jiet.scsi;

import java.nio.ByteBuffer;

/**
 * One SCSI command as the transport delivers it. {@code lun} is the 8-byte LUN field exactly as it travelled
 * (SAM-5 §4.7 addressing; this module decodes it). {@code dataOut} holds all data-out bytes received for the
 * command (its remaining bytes), or is empty for commands without data-out. {@code allocationLimit} is the number
 * of data-in bytes the initiator accepts (iSCSI's Expected Data Transfer Length for reads). {@code dataInBuffers}
 * lends the memory bulk data-in (READ) is read into.
 * <p>
 * {@code dataOutSegments}, when not empty, holds the data-out instead of {@code dataOut} (then empty): the buffers
 * it arrived in, in order, for commands {@link #takesDataOutInSegments} accepts that way, which write them without
 * joining them first.
 */
public record ScsiRequest(ItNexus nexus, long lun, byte[] cdb, ByteBuffer dataOut, int allocationLimit,
                          DataInBuffers dataInBuffers, java.util.List<ByteBuffer> dataOutSegments) {

    /** A request whose data-in, if any, goes into heap buffers. */
    public ScsiRequest(ItNexus nexus, long lun, byte[] cdb, ByteBuffer dataOut, int allocationLimit) {
        this(nexus, lun, cdb, dataOut, allocationLimit, DataInBuffers.HEAP);
    }

    /** A request with its data-out in one buffer. */
    public ScsiRequest(ItNexus nexus, long lun, byte[] cdb, ByteBuffer dataOut, int allocationLimit,
                       DataInBuffers dataInBuffers) {
        this(nexus, lun, cdb, dataOut, allocationLimit, dataInBuffers, java.util.List.of());
    }

    /** The data-out as a view of its own, which the caller may consume; empty for commands without data-out. */
    public ByteBuffer dataOutView() {
        return dataOut == null ? ByteBuffer.allocate(0) : dataOut.duplicate();
    }

    /**
     * Whether the command with this CDB takes its data-out as {@link #dataOutSegments}: WRITE (6), (10), (12) and
     * (16), which put the bytes on the medium as they are. Every other command gets one buffer.
     */
    public static boolean takesDataOutInSegments(byte[] cdb) {
        if (cdb == null || cdb.length == 0) {
            return false;
        }
        int operationCode = cdb[0] & 0xFF;
        return operationCode == OperationCode.WRITE_6 || operationCode == OperationCode.WRITE_10
                || operationCode == OperationCode.WRITE_12 || operationCode == OperationCode.WRITE_16;
    }
}
