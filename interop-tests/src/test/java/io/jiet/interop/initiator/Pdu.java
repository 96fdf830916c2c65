package io.jiet.interop.initiator;

import java.util.HexFormat;

/**
 * One PDU as received: the 48-byte BHS, any AHS, and the data segment without its padding. Field accessors name the
 * offsets RFC 7143 §11 gives for target PDUs; which ones are meaningful depends on the opcode.
 */
public record Pdu(byte[] header, byte[] ahs, byte[] data) {

    public int opcode() {
        return header[0] & 0x3f;
    }

    public boolean is(Opcode expected) {
        return opcode() == expected.code();
    }

    public int flags() {
        return u8(1);
    }

    /** F (final) bit of byte 1. */
    public boolean isFinal() {
        return (flags() & 0x80) != 0;
    }

    public int u8(int offset) {
        return header[offset] & 0xff;
    }

    public int u16(int offset) {
        return (u8(offset) << 8) | u8(offset + 1);
    }

    public int u32(int offset) {
        return (u8(offset) << 24) | (u8(offset + 1) << 16) | (u8(offset + 2) << 8) | u8(offset + 3);
    }

    public int dataSegmentLength() {
        return (u8(5) << 16) | (u8(6) << 8) | u8(7);
    }

    public int initiatorTaskTag() {
        return u32(16);
    }

    /** Bytes 20-23 in NOP-In, SCSI Data-In, R2T, Text Response (§11.19, §11.7, §11.8, §11.11). */
    public int targetTransferTag() {
        return u32(20);
    }

    /** Bytes 24-27 of every target PDU that carries it. */
    public int statSN() {
        return u32(24);
    }

    public int expCmdSN() {
        return u32(28);
    }

    public int maxCmdSN() {
        return u32(32);
    }

    /** Bytes 36-39: DataSN of Data-In, R2TSN of R2T, ExpDataSN of SCSI Response. */
    public int dataSN() {
        return u32(36);
    }

    /** Bytes 40-43: BufferOffset of Data-In and R2T. */
    public int bufferOffset() {
        return u32(40);
    }

    /** Bytes 44-47: ResidualCount of SCSI Response/Data-In, DesiredDataTransferLength of R2T. */
    public int u32At44() {
        return u32(44);
    }

    /** The Reject reason (byte 2, RFC 7143 §11.17.1). */
    public int rejectReason() {
        return u8(2);
    }

    @Override
    public String toString() {
        return Opcode.describe(opcode()) + " flags=0x" + Integer.toHexString(flags()) + " ITT=0x"
                + Integer.toHexString(initiatorTaskTag()) + " dataLength=" + data.length + " BHS="
                + HexFormat.of().formatHex(header);
    }
}
