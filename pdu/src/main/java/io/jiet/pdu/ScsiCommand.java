package io.jiet.pdu;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * SCSI Command, RFC 7143 §11.3. {@code cdb} is the whole CDB: up to 16 bytes travel in the BHS, the rest in an
 * Extended CDB AHS (§11.2.2.3). {@code bidirectionalReadLength} is the Bidirectional Read Expected Data Transfer
 * Length AHS (§11.2.2.4), 0 when absent. {@code taskAttributes}: 0 untagged, 1 simple, 2 ordered, 3 head of queue,
 * 4 ACA.
 *
 * <p>On the wire the BHS CDB field is always 16 bytes, so a decoded {@code cdb} is at least 16 bytes long (a shorter
 * CDB comes back zero-padded); the SCSI layer knows the real length from the operation code.
 */
public record ScsiCommand(boolean immediate, boolean finalFlag, boolean read, boolean write, int taskAttributes,
                          long lun, int initiatorTaskTag, int expectedDataTransferLength, int cmdSN, int expStatSN,
                          byte[] cdb, int bidirectionalReadLength, ByteBuf data) implements InitiatorPdu {

    public static final int BHS_CDB_LENGTH = 16;
    /** The longest CDB SPC-4 defines (variable-length CDBs), which the Extended CDB AHS can carry. */
    public static final int MAX_CDB_LENGTH = 260;

    @Override
    public Opcode opcode() {
        return Opcode.SCSI_COMMAND;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScsiCommand c && immediate == c.immediate && finalFlag == c.finalFlag && read == c.read
                && write == c.write && taskAttributes == c.taskAttributes && lun == c.lun
                && initiatorTaskTag == c.initiatorTaskTag
                && expectedDataTransferLength == c.expectedDataTransferLength && cmdSN == c.cmdSN
                && expStatSN == c.expStatSN && Arrays.equals(cdb, c.cdb)
                && bidirectionalReadLength == c.bidirectionalReadLength && data.equals(c.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * initiatorTaskTag + cmdSN) + Arrays.hashCode(cdb);
    }

    @Override
    public String toString() {
        return "ScsiCommand[itt=0x" + Integer.toHexString(initiatorTaskTag) + ", cmdSN=" + cmdSN + ", lun=" + lun
                + ", edtl=" + expectedDataTransferLength + (read ? ", R" : "") + (write ? ", W" : "")
                + (finalFlag ? ", F" : "") + (immediate ? ", I" : "") + ", cdb=" + java.util.HexFormat.of()
                .formatHex(cdb) + ", data=" + data.readableBytes() + "]";
    }
}
