package io.jiet.pdu;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;

/**
 * Stateless translation between PDU records and the iSCSI wire format (RFC 7143 §11). A PDU on the wire is the
 * 48-byte Basic Header Segment (BHS), optional Additional Header Segments (AHS), an optional header digest, the data
 * segment padded to a multiple of 4 bytes, and an optional data digest (§11.1). Framing a byte stream into those
 * parts is {@link PduDecoder}'s job; this class only maps parts to records and back.
 */
public final class PduCodec {

    /** Length of the Basic Header Segment, RFC 7143 §11.2. */
    public static final int BHS_LENGTH = 48;
    /** Length of a CRC32C header or data digest, RFC 7143 §11.1. */
    public static final int DIGEST_LENGTH = 4;
    /** TotalAHSLength is one byte counting 4-byte words (§11.2.1.4), so at most 1020 bytes of AHS. */
    public static final int MAX_AHS_LENGTH = 255 * 4;
    /** DataSegmentLength is a 3-byte field (§11.2.1.5). */
    public static final int MAX_DATA_SEGMENT_LENGTH = 0xff_ffff;

    static final int FINAL = 0x80;
    static final int IMMEDIATE = 0x40;
    private static final int OPCODE_MASK = 0x3f;

    private PduCodec() {
    }

    /** Zero bytes that pad a segment of the given length to a 4-byte boundary (§11.1). */
    public static int padding(int length) {
        return -length & 3;
    }

    /**
     * Writes the BHS and any AHS of {@code pdu} at {@code out}'s writer index, setting TotalAHSLength and
     * DataSegmentLength (the data segment's readable bytes, without padding). Writes no digest and no data. A
     * {@link ScsiCommand} gets an Extended CDB AHS (§11.2.2.3) when its CDB exceeds 16 bytes and a Bidirectional Read
     * Expected Data Transfer Length AHS (§11.2.2.4) when {@code bidirectionalReadLength != 0}.
     *
     * @throws IllegalArgumentException when a field does not fit its wire width; {@code out} is then left unchanged
     */
    public static void encodeHeader(Pdu pdu, ByteBuf out) {
        encodeHeader(pdu, pdu.data().readableBytes(), out);
    }

    /**
     * The header of a PDU whose data segment of {@code dataSegmentLength} bytes is written separately (e.g. from a
     * file): the PDU's own data buffer is ignored, the DataSegmentLength field says {@code dataSegmentLength}.
     */
    public static void encodeHeader(Pdu pdu, int dataSegmentLength, ByteBuf out) {
        int at = out.writerIndex();
        try {
            if (dataSegmentLength > MAX_DATA_SEGMENT_LENGTH) {
                throw new IllegalArgumentException("data segment of " + dataSegmentLength + " bytes exceeds 2^24-1");
            }
            out.writeZero(BHS_LENGTH);
            int byte0 = pdu.opcode().code();
            if (pdu instanceof InitiatorPdu initiatorPdu && initiatorPdu.immediate()) {
                byte0 |= IMMEDIATE;
            }
            out.setByte(at, byte0);
            out.setMedium(at + 5, dataSegmentLength);
            out.setInt(at + 16, pdu.initiatorTaskTag());
            switch (pdu) {
                case InitiatorPdu initiatorPdu -> InitiatorHeaders.write(initiatorPdu, out, at);
                case TargetPdu targetPdu -> TargetHeaders.write(targetPdu, out, at);
            }
            int ahsLength = pdu instanceof ScsiCommand command ? AdditionalHeaderSegments.write(command, out) : 0;
            out.setByte(at + 4, ahsLength / 4);
        } catch (RuntimeException e) {
            out.writerIndex(at);
            throw e;
        }
    }

    /**
     * Builds the record for one framed PDU. {@code bhs} holds the 48-byte BHS and {@code ahs} the TotalAHSLength × 4
     * bytes of AHS from their reader indexes; neither is modified. {@code data} is the data segment without padding
     * or digest; its ownership passes to the returned record, or it is released when this method throws.
     *
     * <p>Reserved fields are ignored as RFC 7143 §11.2 requires of receivers. Checked: the opcode is one RFC 7143
     * defines (else {@link Reject#COMMAND_NOT_SUPPORTED}), and the AHS is well formed, of a defined type and used only
     * by a SCSI Command (else {@link Reject#PROTOCOL_ERROR}); both leave the connection usable. Lengths that disagree
     * with the BHS are a framing error and fatal. A decoded CDB is never shorter than the 16 bytes of the BHS field:
     * the SCSI layer knows its real length from its operation code.
     *
     * @throws MalformedPduException when the PDU cannot be represented as a record
     */
    public static Pdu decode(ByteBuf bhs, ByteBuf ahs, ByteBuf data) {
        try {
            return decodeOwned(bhs, ahs, data);
        } catch (RuntimeException | Error e) {
            data.release();
            throw e;
        }
    }

    private static Pdu decodeOwned(ByteBuf bhs, ByteBuf ahs, ByteBuf data) {
        if (bhs.readableBytes() < BHS_LENGTH) {
            throw MalformedPduException.fatal("BHS has " + bhs.readableBytes() + " bytes, not 48", null);
        }
        int at = bhs.readerIndex();
        int totalAhsLength = bhs.getUnsignedByte(at + 4) * 4;
        if (totalAhsLength != ahs.readableBytes()) {
            throw MalformedPduException.fatal("TotalAHSLength says " + totalAhsLength + " bytes, AHS has "
                    + ahs.readableBytes(), header(bhs));
        }
        int dataSegmentLength = bhs.getUnsignedMedium(at + 5);
        if (dataSegmentLength != data.readableBytes()) {
            throw MalformedPduException.fatal("DataSegmentLength says " + dataSegmentLength + " bytes, data has "
                    + data.readableBytes(), header(bhs));
        }
        int code = bhs.getByte(at) & OPCODE_MASK;
        Opcode opcode = Opcode.fromCode(code);
        if (opcode == null) {
            throw MalformedPduException.rejectable("opcode 0x" + Integer.toHexString(code) + " is not supported",
                    header(bhs), Reject.COMMAND_NOT_SUPPORTED);
        }
        AdditionalHeaderSegments.Parsed parsed = AdditionalHeaderSegments.parse(opcode, ahs, bhs);
        return opcode.sentByInitiator()
                ? InitiatorHeaders.read(opcode, bhs, at, parsed, data)
                : TargetHeaders.read(opcode, bhs, at, data);
    }

    /**
     * One whole PDU in a new buffer: BHS, AHS, header digest, data, padding, data digest. Copies the data segment, so
     * it suits tests and simple clients; {@link PduEncoder} avoids the copy. Does not change {@code pdu}'s reference
     * count.
     */
    public static ByteBuf encode(Pdu pdu, ByteBufAllocator alloc, DigestOptions digests) {
        ByteBuf data = pdu.data();
        int dataLength = data.readableBytes();
        ByteBuf out = alloc.buffer(BHS_LENGTH + DIGEST_LENGTH + dataLength + 3 + DIGEST_LENGTH);
        try {
            encodeHeader(pdu, out);
            if (digests.header()) {
                out.writeIntLE(Crc32c.of(out, 0, out.writerIndex()));
            }
            int dataStart = out.writerIndex();
            out.writeBytes(data, data.readerIndex(), dataLength);
            out.writeZero(padding(dataLength));
            if (digests.dataDigestLength(dataLength) > 0) {
                out.writeIntLE(Crc32c.of(out, dataStart, out.writerIndex() - dataStart));
            }
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    static byte[] header(ByteBuf bhs) {
        return ByteBufUtil.getBytes(bhs, bhs.readerIndex(), BHS_LENGTH);
    }

    static int flag(boolean set, int bit) {
        return set ? bit : 0;
    }

    /** @throws IllegalArgumentException unless {@code value} is an unsigned number of {@code bits} bits */
    static int unsigned(int value, int bits, String field) {
        if (value >>> bits != 0) {
            throw new IllegalArgumentException(field + " = " + value + " does not fit in " + bits + " bits");
        }
        return value;
    }
}
