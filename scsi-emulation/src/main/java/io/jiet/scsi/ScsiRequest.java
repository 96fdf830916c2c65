package io.jiet.scsi;

import java.nio.ByteBuffer;

/**
 * One SCSI command as the transport delivers it. {@code lun} is the 8-byte LUN field exactly as it travelled
 * (SAM-5 §4.7 addressing; this module decodes it). {@code dataOut} holds all data-out bytes received for the
 * command (its remaining bytes), or is empty for commands without data-out. {@code allocationLimit} is the number
 * of data-in bytes the initiator accepts (iSCSI's Expected Data Transfer Length for reads). {@code dataInBuffers}
 * lends the memory bulk data-in (READ) is read into.
 */
public record ScsiRequest(ItNexus nexus, long lun, byte[] cdb, ByteBuffer dataOut, int allocationLimit,
                          DataInBuffers dataInBuffers) {

    /** A request whose data-in, if any, goes into heap buffers. */
    public ScsiRequest(ItNexus nexus, long lun, byte[] cdb, ByteBuffer dataOut, int allocationLimit) {
        this(nexus, lun, cdb, dataOut, allocationLimit, DataInBuffers.HEAP);
    }
}
