package io.jiet.pdu;

import io.netty.buffer.ByteBuf;

/**
 * Additional Header Segments, RFC 7143 §11.2.2. Each AHS is AHSLength (2 bytes, counting from the AHS-specific
 * byte 3, without padding), AHSType (1 byte, low 6 bits the code) and its specific bytes, padded to 4 bytes.
 * RFC 7143 defines two, both for the SCSI Command: Extended CDB (code 1) and Bidirectional Read Expected Data
 * Transfer Length (code 2).
 */
final class AdditionalHeaderSegments {

    static final int EXTENDED_CDB = 1;
    static final int BIDIRECTIONAL_READ_LENGTH = 2;
    /** Codes 60–63 are reserved for non-iSCSI extensions (§11.2.2.2): skipped, not an error. */
    private static final int FIRST_NON_ISCSI_CODE = 60;
    private static final int CODE_MASK = 0x3f;
    private static final int BIDI_AHS_LENGTH = 5;

    /** What the AHS contributes to a SCSI Command. */
    record Parsed(byte[] extendedCdb, int bidirectionalReadLength) {
        static final Parsed NONE = new Parsed(new byte[0], 0);
    }

    private AdditionalHeaderSegments() {
    }

    /** Appends the AHS a command needs and returns its length in bytes (a multiple of 4). */
    static int write(ScsiCommand command, ByteBuf out) {
        byte[] cdb = command.cdb();
        int start = out.writerIndex();
        if (cdb.length > ScsiCommand.BHS_CDB_LENGTH) {
            int spill = cdb.length - ScsiCommand.BHS_CDB_LENGTH;
            // §11.2.2.3: AHSLength = CDB length - 15, i.e. the spill-over plus the reserved byte 3.
            out.writeShort(spill + 1);
            out.writeByte(EXTENDED_CDB);
            out.writeByte(0);
            out.writeBytes(cdb, ScsiCommand.BHS_CDB_LENGTH, spill);
            out.writeZero(PduCodec.padding(spill));
        }
        if (command.bidirectionalReadLength() != 0) {
            // §11.2.2.4: AHSLength 0x0005, reserved byte, then the 4-byte length.
            out.writeShort(BIDI_AHS_LENGTH);
            out.writeByte(BIDIRECTIONAL_READ_LENGTH);
            out.writeByte(0);
            out.writeInt(command.bidirectionalReadLength());
        }
        return out.writerIndex() - start;
    }

    static Parsed parse(Opcode opcode, ByteBuf ahs, ByteBuf bhs) {
        if (!ahs.isReadable()) {
            return Parsed.NONE;
        }
        byte[] extendedCdb = null;
        Integer bidirectionalReadLength = null;
        int end = ahs.writerIndex();
        for (int at = ahs.readerIndex(); at < end; ) {
            if (end - at < 4) {
                throw violation("AHS truncated at offset " + (at - ahs.readerIndex()), bhs);
            }
            int length = ahs.getUnsignedShort(at);
            int code = ahs.getUnsignedByte(at + 2) & CODE_MASK;
            int size = 3 + length + PduCodec.padding(3 + length);
            if (size > end - at) {
                throw violation("AHSLength " + length + " runs past TotalAHSLength", bhs);
            }
            if (code >= FIRST_NON_ISCSI_CODE) {
                at += size;
                continue;
            }
            if (opcode != Opcode.SCSI_COMMAND || (code != EXTENDED_CDB && code != BIDIRECTIONAL_READ_LENGTH)) {
                throw violation("AHS type " + code + " is not defined for " + opcode, bhs);
            }
            if (code == EXTENDED_CDB) {
                if (extendedCdb != null || length < 1) {
                    throw violation("duplicate or empty Extended CDB AHS", bhs);
                }
                extendedCdb = new byte[length - 1];
                ahs.getBytes(at + 4, extendedCdb);
            } else {
                if (bidirectionalReadLength != null || length != BIDI_AHS_LENGTH) {
                    throw violation("duplicate Bidirectional Read AHS or AHSLength " + length + " != 5", bhs);
                }
                bidirectionalReadLength = ahs.getInt(at + 4);
            }
            at += size;
        }
        return new Parsed(extendedCdb == null ? Parsed.NONE.extendedCdb() : extendedCdb,
                bidirectionalReadLength == null ? 0 : bidirectionalReadLength);
    }

    private static MalformedPduException violation(String message, ByteBuf bhs) {
        return MalformedPduException.rejectable(message, PduCodec.header(bhs), Reject.PROTOCOL_ERROR);
    }
}
