package io.jiet.pdu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Byte layouts checked against RFC 7143 §11 and its Appendix B.4 examples, independently of the decoder. */
class PduLayoutTest {

    private static final HexFormat HEX = HexFormat.of();

    /** RFC 7143 Appendix B.4: a READ (10) SCSI Command PDU, whose CRC32C is given as 56 3a 96 d9. */
    private static final String READ_10_PDU = "01c00000" + "00000000" + "00000000" + "00000000"
            + "14000000" + "00000400" + "00000014" + "00000018"
            + "28000000" + "00000000" + "02000000" + "00000000";

    private static byte[] bytes(ByteBuf buf) {
        byte[] b = ByteBufUtil.getBytes(buf);
        buf.release();
        return b;
    }

    private static byte[] encode(Pdu pdu) {
        return bytes(PduCodec.encode(pdu, ByteBufAllocator.DEFAULT, DigestOptions.NONE));
    }

    private static Pdu decode(byte[] wire, int ahsLength) {
        ByteBuf buf = Unpooled.wrappedBuffer(wire);
        return PduCodec.decode(buf.slice(0, 48), buf.slice(48, ahsLength),
                buf.retainedSlice(48 + ahsLength, wire.length - 48 - ahsLength));
    }

    @Test
    void crc32cMatchesTheRfcExamplesAndIsSentLeastSignificantByteFirst() {
        byte[] ascending = new byte[32];
        byte[] descending = new byte[32];
        byte[] ones = new byte[32];
        for (int i = 0; i < 32; i++) {
            ascending[i] = (byte) i;
            descending[i] = (byte) (31 - i);
            ones[i] = (byte) 0xff;
        }
        assertEquals("aa36918a", digestBytes(new byte[32]));
        assertEquals("43aba862", digestBytes(ones));
        assertEquals("4e79dd46", digestBytes(ascending));
        assertEquals("5cdb3f11", digestBytes(descending));
        assertEquals("563a96d9", digestBytes(HEX.parseHex(READ_10_PDU)));
    }

    private static String digestBytes(byte[] data) {
        ByteBuf out = Unpooled.buffer().writeIntLE(Crc32c.of(Unpooled.wrappedBuffer(data), 0, data.length));
        return ByteBufUtil.hexDump(out);
    }

    @Test
    void theRfcReadCommandDecodesAndReencodesWithItsHeaderDigest() {
        ScsiCommand read = (ScsiCommand) decode(HEX.parseHex(READ_10_PDU), 0);
        assertFalse(read.immediate());
        assertTrue(read.finalFlag());
        assertTrue(read.read());
        assertFalse(read.write());
        assertEquals(0, read.taskAttributes());
        assertEquals(0x14000000, read.initiatorTaskTag());
        assertEquals(1024, read.expectedDataTransferLength());
        assertEquals(0x14, read.cmdSN());
        assertEquals(0x18, read.expStatSN());
        assertEquals(0x28, read.cdb()[0]);
        assertEquals(2, read.cdb()[8]);

        byte[] wire = bytes(PduCodec.encode(read, ByteBufAllocator.DEFAULT, new DigestOptions(true, true)));
        assertEquals(READ_10_PDU + "563a96d9", HEX.formatHex(wire), "BHS then header digest, no data digest");
    }

    @Test
    void loginRequestLayout() {
        // T=1 C=0 CSG=1 NSG=3 -> byte 1 = 0x87; ISID 8-13, TSIH 14-15, CID 20-21 (§11.12).
        byte[] wire = encode(new LoginRequest(true, false, 1, 3, 0, 0, 0x80_1234_5678_9aL, 0xbeef, 7, 0x0102, 9, 10,
                Unpooled.wrappedBuffer(new byte[] {'A', '=', 'B', 0, 'C'})));
        assertEquals("43870000" + "00000005" + "801234567" + "89abeef" + "00000007" + "01020000" + "00000009"
                + "0000000a" + "0".repeat(32) + "413d4200" + "43000000", HEX.formatHex(wire));
    }

    @Test
    void scsiCommandWithLongCdbAndBidirectionalReadCarriesBothAhs() {
        byte[] cdb = new byte[32];
        for (int i = 0; i < cdb.length; i++) {
            cdb[i] = (byte) (i + 1);
        }
        ScsiCommand command = new ScsiCommand(true, true, true, true, 4, 0x0001_0000_0000_0000L, 1, 512, 2, 3, cdb,
                0x1000, Unpooled.EMPTY_BUFFER);
        byte[] wire = encode(command);
        assertEquals(48 + 20 + 8, wire.length);
        assertEquals(0x41, wire[0], "opcode 0x01 with the I bit");
        assertEquals((byte) 0xe4, wire[1], "F|R|W|ATTR=4");
        assertEquals(7, wire[4], "TotalAHSLength in 4-byte words");
        // Extended CDB AHS: AHSLength = CDB length - 15 = 17, type 1, reserved, bytes 17..32 of the CDB (§11.2.2.3).
        assertEquals("00110100" + HEX.formatHex(cdb, 16, 32), HEX.formatHex(wire, 48, 68));
        // Bidirectional Read Expected Data Transfer Length AHS: length 5, type 2, reserved, length (§11.2.2.4).
        assertEquals("00050200" + "00001000", HEX.formatHex(wire, 68, 76));
        assertEquals(command, decode(wire, 28));
    }

    @Test
    void scsiResponseFlagsResponseAndStatus() {
        byte[] wire = encode(new ScsiResponse(true, true, true, true, 1, 0x02, 5, 6, 7, 8, 9, 10, 11, 12,
                Unpooled.EMPTY_BUFFER));
        assertEquals("219e0102", HEX.formatHex(wire, 0, 4), "1|.|.|o|u|O|U|., Response, Status (§11.4)");
        assertEquals("00000005" + "00000006" + "00000007" + "00000008" + "00000009" + "0000000a" + "0000000b"
                + "0000000c", HEX.formatHex(wire, 16, 48));
    }

    @Test
    void dataInCarriesStatusOnlyWithTheSBit() {
        byte[] withStatus = encode(new DataIn(true, true, true, true, true, 0x02, 0, 1, 2, 3, 4, 5, 6, 7, 8,
                Unpooled.EMPTY_BUFFER));
        assertEquals("25c70002", HEX.formatHex(withStatus, 0, 4), "F|A|.|.|.|O|U|S and Status in byte 3 (§11.7)");
        assertEquals(3, Unpooled.wrappedBuffer(withStatus).getInt(24), "StatSN");

        byte[] withoutStatus = encode(new DataIn(false, false, true, true, false, 0x02, 0, 1, 2, 3, 4, 5, 6, 7, 8,
                Unpooled.EMPTY_BUFFER));
        assertEquals("25000000", HEX.formatHex(withoutStatus, 0, 4));
        assertEquals(0, Unpooled.wrappedBuffer(withoutStatus).getInt(24), "StatSN is reserved without S");
        assertEquals("00000006" + "00000007" + "00000008", HEX.formatHex(withoutStatus, 36, 48),
                "DataSN, Buffer Offset, Residual Count");
    }

    @Test
    void rejectAndAsyncMessageHaveTheReservedTaskTag() {
        byte[] header = new byte[48];
        header[0] = 0x1c;
        byte[] reject = encode(new Reject(Reject.COMMAND_NOT_SUPPORTED, 1, 2, 3, 4, Unpooled.wrappedBuffer(header)));
        assertEquals("3f800500" + "00000030", HEX.formatHex(reject, 0, 8));
        assertEquals("ffffffff", HEX.formatHex(reject, 16, 20));
        assertEquals("00000004", HEX.formatHex(reject, 36, 40), "DataSN/R2TSN");

        byte[] async = encode(new AsyncMessage(5, 1, 2, 3, 1, 0, 0x0102, 0x0304, 0x0506, Unpooled.EMPTY_BUFFER));
        assertEquals("ffffffff", HEX.formatHex(async, 16, 20));
        assertEquals("0100010203040506", HEX.formatHex(async, 36, 44), "AsyncEvent, AsyncVCode, Parameter1..3");
    }

    @Test
    void taskManagementLogoutSnackAndTextLayouts() {
        assertEquals("42850000", HEX.formatHex(encode(new TaskManagementRequest(true, 5, 0, 1, 2, 3, 4, 5, 6,
                Unpooled.EMPTY_BUFFER)), 0, 4), "1|Function");
        byte[] logout = encode(new LogoutRequest(true, 2, 1, 0xabcd, 3, 4, Unpooled.EMPTY_BUFFER));
        assertEquals("46820000", HEX.formatHex(logout, 0, 4), "1|Reason Code");
        assertEquals("abcd0000", HEX.formatHex(logout, 20, 24), "CID");
        byte[] snack = encode(new SnackRequest(3, 0, 1, 2, 3, 0x40, 0x44, Unpooled.EMPTY_BUFFER));
        assertEquals("10830000", HEX.formatHex(snack, 0, 4), "1|.|.|.|Type");
        assertEquals("00000040" + "00000044", HEX.formatHex(snack, 40, 48), "BegRun, RunLength");
        assertEquals("04c00000", HEX.formatHex(encode(new TextRequest(false, true, true, 0, 1, 2, 3, 4,
                Unpooled.EMPTY_BUFFER)), 0, 4), "F|C");
        byte[] logoutResponse = encode(new LogoutResponse(1, 1, 2, 3, 4, 0x0102, 0x0304, Unpooled.EMPTY_BUFFER));
        assertEquals("26800100", HEX.formatHex(logoutResponse, 0, 4));
        assertEquals("01020304", HEX.formatHex(logoutResponse, 40, 44), "Time2Wait, Time2Retain");
    }

    @Test
    void dataSegmentIsPaddedAndCountedWithoutPadding() {
        byte[] wire = encode(new NopIn(0, 1, -1, 2, 3, 4, Unpooled.wrappedBuffer(new byte[] {1, 2, 3, 4, 5})));
        assertEquals(48 + 8, wire.length);
        assertEquals("00000005", HEX.formatHex(wire, 4, 8));
        assertEquals("0102030405000000", HEX.formatHex(wire, 48, 56));
    }

    @Test
    void fieldsWiderThanTheirWireFieldAreRefusedAndNothingIsWritten() {
        ByteBuf out = Unpooled.buffer();
        out.writeByte(0x55);
        assertThrows(IllegalArgumentException.class, () -> PduCodec.encodeHeader(
                new TaskManagementRequest(false, 0x80, 0, 0, 0, 0, 0, 0, 0, Unpooled.EMPTY_BUFFER), out));
        assertThrows(IllegalArgumentException.class, () -> PduCodec.encodeHeader(
                new LoginRequest(false, false, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, Unpooled.EMPTY_BUFFER), out));
        assertThrows(IllegalArgumentException.class, () -> PduCodec.encodeHeader(
                new LoginResponse(false, false, 0, 0, 0, 0, 1L << 48, 0, 0, 0, 0, 0, 0, 0, Unpooled.EMPTY_BUFFER),
                out));
        assertThrows(IllegalArgumentException.class, () -> PduCodec.encodeHeader(
                new ScsiCommand(false, true, false, false, 8, 0, 0, 0, 0, 0, new byte[6], 0, Unpooled.EMPTY_BUFFER),
                out));
        assertThrows(IllegalArgumentException.class, () -> PduCodec.encodeHeader(
                new ScsiCommand(false, true, false, false, 0, 0, 0, 0, 0, 0, new byte[261], 0, Unpooled.EMPTY_BUFFER),
                out));
        assertThrows(IllegalArgumentException.class, () -> PduCodec.encodeHeader(
                new LogoutResponse(0, 0, 0, 0, 0, 0x10000, 0, Unpooled.EMPTY_BUFFER), out));
        assertEquals(1, out.writerIndex());
    }

    @Test
    void unknownOpcodeIsRejectableAndTheDataReleased() {
        byte[] wire = new byte[52];
        wire[0] = 0x1c;
        wire[7] = 4;
        ByteBuf data = Unpooled.buffer().writeInt(7);
        ByteBuf buf = Unpooled.wrappedBuffer(wire);
        MalformedPduException e = assertThrows(MalformedPduException.class,
                () -> PduCodec.decode(buf.slice(0, 48), Unpooled.EMPTY_BUFFER, data));
        assertEquals(Reject.COMMAND_NOT_SUPPORTED, e.rejectReason());
        assertFalse(e.connectionFatal());
        assertArrayEquals(java.util.Arrays.copyOf(wire, 48), e.header());
        assertEquals(0, data.refCnt());
    }

    @Test
    void malformedAdditionalHeaderSegmentsAreProtocolErrors() {
        String nopOut = "00800000" + "01000000" + "0".repeat(32) + "ffffffff" + "0".repeat(40);
        assertAhsRejected(nopOut, "00010100", "an AHS on a PDU other than a SCSI Command");
        String command = "01800000" + "01000000" + "0".repeat(80);
        assertAhsRejected(command, "00010300", "reserved AHS type 3");
        assertAhsRejected(command, "00030200", "Bidirectional AHS with AHSLength 3");
        assertAhsRejected(command.replaceFirst("01000000", "02000000"), "0001010000010100", "two Extended CDB AHS");
        assertAhsRejected(command, "00090100", "AHSLength past TotalAHSLength");
        // Codes 60-63 are non-iSCSI extensions and are skipped.
        ScsiCommand skipped = (ScsiCommand) decode(HEX.parseHex(command + "00013c00"), 4);
        assertEquals(16, skipped.cdb().length);
    }

    private static void assertAhsRejected(String bhs, String ahs, String what) {
        MalformedPduException e = assertThrows(MalformedPduException.class,
                () -> decode(HEX.parseHex(bhs + ahs), ahs.length() / 2), what);
        assertEquals(Reject.PROTOCOL_ERROR, e.rejectReason(), what);
        assertFalse(e.connectionFatal(), what);
    }

    @Test
    void lengthsThatDisagreeWithTheHeaderAreFatal() {
        byte[] wire = HEX.parseHex(READ_10_PDU);
        ByteBuf buf = Unpooled.wrappedBuffer(wire);
        MalformedPduException e = assertThrows(MalformedPduException.class,
                () -> PduCodec.decode(buf.slice(0, 48), Unpooled.EMPTY_BUFFER, Unpooled.buffer().writeInt(1)));
        assertTrue(e.connectionFatal());
        assertInstanceOf(ScsiCommand.class, decode(wire, 0));
    }
}
