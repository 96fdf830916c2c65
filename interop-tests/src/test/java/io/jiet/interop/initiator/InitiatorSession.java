package io.jiet.interop.initiator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A logged-in session on one connection, in the full feature phase, running one task at a time. Because only one
 * task is ever outstanding, every status-carrying response must have exactly the next StatSN and acknowledge
 * every command sent (ExpCmdSN = next CmdSN); the session checks both (RFC 7143 §4.2.2) along with task tags,
 * DataSN order and buffer offsets, and throws {@link TargetProtocolError} on any deviation.
 *
 * <p>Not thread-safe: one test thread per session.
 */
public final class InitiatorSession implements AutoCloseable {
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(20);
    public static final int RESERVED_TAG = 0xffffffff;

    private static final int FINAL = 0x80;
    private static final int READ = 0x40;
    private static final int WRITE = 0x20;
    private static final int SIMPLE_TASK = 0x01;
    /** Data-In byte 1 (RFC 7143 §11.7.1-11.7.3): S status present, U underflow, O overflow. */
    private static final int DATA_IN_STATUS = 0x01;
    private static final int RESIDUAL_UNDERFLOW = 0x02;
    private static final int RESIDUAL_OVERFLOW = 0x04;

    private final PduChannel channel;
    private final SessionParameters parameters;
    private int cmdSN;
    private int expStatSN;
    private int nextTaskTag;

    private InitiatorSession(PduChannel channel, SessionParameters parameters, int cmdSN, int expStatSN, int nextTaskTag) {
        this.channel = channel;
        this.parameters = parameters;
        this.cmdSN = cmdSN;
        this.expStatSN = expStatSN;
        this.nextTaskTag = nextTaskTag;
    }

    /** Connects to {@code host:port} and logs in; the connection is closed again if login fails. */
    public static InitiatorSession login(String host, int port, LoginRequest request) throws IOException {
        PduChannel channel = PduChannel.connect(host, port, DEFAULT_READ_TIMEOUT);
        try {
            int initialCmdSN = 1;
            LoginPhase.Outcome outcome = new LoginPhase(channel, request, 0x100, initialCmdSN).run();
            return new InitiatorSession(channel, outcome.parameters(), outcome.cmdSN(), outcome.expStatSN(), 0x101);
        } catch (IOException | RuntimeException | Error e) {
            channel.close();
            throw e;
        }
    }

    public SessionParameters parameters() {
        return parameters;
    }

    /** The raw connection, for tests that send malformed bytes on a logged-in session. */
    public PduChannel channel() {
        return channel;
    }

    public int cmdSN() {
        return cmdSN;
    }

    public int expStatSN() {
        return expStatSN;
    }

    public int newTaskTag() {
        int tag = nextTaskTag++;
        return tag == RESERVED_TAG ? newTaskTag() : tag;
    }

    /**
     * Text Request {@code SendTargets=value} (RFC 7143 §11.10, appendix C), following continuations, and the pairs
     * of the whole answer in order.
     */
    public List<Map.Entry<String, String>> sendTargets(String value) throws IOException {
        int itt = newTaskTag();
        byte[] data = TextParameters.encode(Map.of("SendTargets", value));
        int ttt = RESERVED_TAG;
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        for (int round = 0; round < 64; round++) {
            channel.send(Bhs.of(Opcode.TEXT_REQUEST, false).flags(FINAL).initiatorTaskTag(itt)
                    .u32(20, ttt).u32(24, cmdSN).u32(28, expStatSN).build(data.length), data);
            cmdSN++;
            Pdu response = receiveFor(itt);
            expect(response, Opcode.TEXT_RESPONSE);
            acknowledgeStatus(response);
            answer.writeBytes(response.data());
            if (response.isFinal()) {
                if (response.targetTransferTag() != RESERVED_TAG) {
                    throw new TargetProtocolError("final Text Response with TTT 0x"
                            + Integer.toHexString(response.targetTransferTag()) + " (RFC 7143 §11.11.4)");
                }
                return TextParameters.decodeList(answer.toByteArray());
            }
            ttt = response.targetTransferTag();
            data = new byte[0];
        }
        throw new TargetProtocolError("Text Response never final");
    }

    /** A command that moves no data, e.g. TEST UNIT READY. */
    public ScsiResult command(int lun, byte[] cdb) throws IOException {
        int itt = newTaskTag();
        sendCommand(lun, cdb, itt, FINAL, 0, new byte[0]);
        return awaitCompletion(lun, itt, new byte[0], false);
    }

    /**
     * TEST UNIT READY, repeated while it reports UNIT ATTENTION (a new I_T nexus may first see POWER ON, RESET, OR
     * BUS DEVICE RESET OCCURRED, SAM-5 §5.14); the first other answer is returned.
     */
    public ScsiResult testUnitReady(int lun) throws IOException {
        ScsiResult result = command(lun, Cdb.testUnitReady());
        for (int attempt = 0; attempt < 4 && result.status() == ScsiResult.CHECK_CONDITION
                && result.senseKey() == ScsiResult.UNIT_ATTENTION; attempt++) {
            result = command(lun, Cdb.testUnitReady());
        }
        return result;
    }

    /** A command that reads up to {@code expectedLength} bytes (READ, INQUIRY, REPORT LUNS ...). */
    public ScsiResult read(int lun, byte[] cdb, int expectedLength) throws IOException {
        int itt = newTaskTag();
        sendCommand(lun, cdb, itt, FINAL | READ, expectedLength, new byte[0]);
        return awaitCompletion(lun, itt, new byte[expectedLength], false);
    }

    /**
     * A command that writes {@code data}: immediate data if negotiated, then unsolicited Data-Out up to
     * FirstBurstLength if InitialR2T=No, then Data-Out as each R2T asks (RFC 7143 §4.2.5.2), data segments no
     * longer than the target's MaxRecvDataSegmentLength.
     */
    public ScsiResult write(int lun, byte[] cdb, byte[] data) throws IOException {
        int itt = newTaskTag();
        int segment = parameters.targetMaxRecvDataSegmentLength();
        int unsolicitedLimit = Math.min(data.length, parameters.firstBurstLength());
        int immediate = parameters.immediateData() ? Math.min(unsolicitedLimit, segment) : 0;
        int unsolicitedEnd = parameters.initialR2T() ? immediate : unsolicitedLimit;
        boolean dataOutFollows = unsolicitedEnd > immediate;
        sendCommand(lun, cdb, itt, (dataOutFollows ? 0 : FINAL) | WRITE, data.length,
                Arrays.copyOfRange(data, 0, immediate));
        if (dataOutFollows) {
            sendDataOut(lun, itt, RESERVED_TAG, data, immediate, unsolicitedEnd - immediate);
        }
        return awaitCompletion(lun, itt, data, true);
    }

    /** NOP-Out ping with a valid ITT (RFC 7143 §11.18); returns the NOP-In answering it. */
    public Pdu ping(byte[] pingData) throws IOException {
        int itt = newTaskTag();
        channel.send(Bhs.of(Opcode.NOP_OUT, true).flags(FINAL).initiatorTaskTag(itt).u32(20, RESERVED_TAG)
                .u32(24, cmdSN).u32(28, expStatSN).build(pingData.length), pingData);
        Pdu response = receiveFor(itt);
        expect(response, Opcode.NOP_IN);
        if (response.targetTransferTag() != RESERVED_TAG) {
            throw new TargetProtocolError("NOP-In answering a ping has TTT 0x"
                    + Integer.toHexString(response.targetTransferTag()) + " (RFC 7143 §11.19.2)");
        }
        acknowledgeStatus(response);
        return response;
    }

    /** Logout Request, reason 0 "close the session" (RFC 7143 §11.14); returns the Logout Response. */
    public Pdu logout() throws IOException {
        int itt = newTaskTag();
        channel.send(Bhs.of(Opcode.LOGOUT_REQUEST, true).flags(FINAL).initiatorTaskTag(itt).u16(20, 0)
                .u32(24, cmdSN).u32(28, expStatSN).build(0), new byte[0]);
        Pdu response = receiveFor(itt);
        expect(response, Opcode.LOGOUT_RESPONSE);
        acknowledgeStatus(response);
        return response;
    }

    @Override
    public void close() {
        channel.close();
    }

    /** SCSI Command, RFC 7143 §11.3: flags byte 1, LUN 8-15, EDTL 20-23, CmdSN 24, ExpStatSN 28, CDB 32-47. */
    private void sendCommand(int lun, byte[] cdb, int itt, int flags, int expectedLength, byte[] immediateData)
            throws IOException {
        if (cdb.length > 16) {
            throw new IllegalArgumentException("CDBs over 16 bytes need an AHS");
        }
        byte[] header = Bhs.of(Opcode.SCSI_COMMAND, false).flags(flags | SIMPLE_TASK).lun(lun).initiatorTaskTag(itt)
                .u32(20, expectedLength).u32(24, cmdSN).u32(28, expStatSN).bytes(32, cdb).build(immediateData.length);
        channel.send(header, immediateData);
        cmdSN++;
    }

    /** One sequence of SCSI Data-Out PDUs, RFC 7143 §11.7: TTT 20, ExpStatSN 28, DataSN 36, BufferOffset 40. */
    private void sendDataOut(int lun, int itt, int ttt, byte[] data, int offset, int length) throws IOException {
        int segment = parameters.targetMaxRecvDataSegmentLength();
        int dataSN = 0;
        for (int done = 0; done < length; done += segment) {
            int size = Math.min(segment, length - done);
            boolean last = done + size == length;
            byte[] header = Bhs.of(Opcode.SCSI_DATA_OUT, false).flags(last ? FINAL : 0).lun(lun)
                    .initiatorTaskTag(itt).u32(20, ttt).u32(28, expStatSN).u32(36, dataSN++)
                    .u32(40, offset + done).build(size);
            channel.send(header, Arrays.copyOfRange(data, offset + done, offset + done + size));
        }
    }

    private ScsiResult awaitCompletion(int lun, int itt, byte[] buffer, boolean writing) throws IOException {
        int expectedDataSN = 0;
        int expectedR2TSN = 0;
        long dataInBytes = 0;
        while (true) {
            Pdu pdu = receiveFor(itt);
            if (pdu.is(Opcode.SCSI_DATA_IN) && !writing) {
                if (pdu.dataSN() != expectedDataSN) {
                    throw new TargetProtocolError("Data-In DataSN " + pdu.dataSN() + ", expected " + expectedDataSN);
                }
                expectedDataSN++;
                int offset = pdu.bufferOffset();
                if (offset < 0 || (long) offset + pdu.data().length > buffer.length) {
                    throw new TargetProtocolError("Data-In offset " + offset + " length " + pdu.data().length
                            + " outside the expected " + buffer.length + " bytes");
                }
                System.arraycopy(pdu.data(), 0, buffer, offset, pdu.data().length);
                dataInBytes += pdu.data().length;
                if ((pdu.flags() & DATA_IN_STATUS) != 0) {
                    acknowledgeStatus(pdu);
                    return result(pdu.u8(3), buffer, new byte[0], pdu, dataInBytes);
                }
            } else if (pdu.is(Opcode.READY_TO_TRANSFER) && writing) {
                if (pdu.dataSN() != expectedR2TSN) {
                    throw new TargetProtocolError("R2TSN " + pdu.dataSN() + ", expected " + expectedR2TSN);
                }
                expectedR2TSN++;
                int offset = pdu.bufferOffset();
                int length = pdu.u32At44();
                if (offset < 0 || length <= 0 || (long) offset + length > buffer.length
                        || length > parameters.maxBurstLength()) {
                    throw new TargetProtocolError("R2T for offset " + offset + " length " + length + " of a "
                            + buffer.length + "-byte write, MaxBurstLength " + parameters.maxBurstLength());
                }
                sendDataOut(lun, itt, pdu.targetTransferTag(), buffer, offset, length);
            } else if (pdu.is(Opcode.SCSI_RESPONSE)) {
                acknowledgeStatus(pdu);
                if (pdu.u8(2) != 0) {
                    throw new TargetProtocolError("SCSI Response with iSCSI response 0x" + Integer.toHexString(pdu.u8(2))
                            + " (target failure)");
                }
                return result(pdu.u8(3), writing ? new byte[0] : buffer, sense(pdu.data()), pdu, dataInBytes);
            } else {
                throw new TargetProtocolError("unexpected " + pdu + (pdu.is(Opcode.REJECT)
                        ? " reason 0x" + Integer.toHexString(pdu.rejectReason()) : "") + " while waiting for task 0x"
                        + Integer.toHexString(itt));
            }
        }
    }

    /** Residuals from byte 1 and bytes 44-47 (§11.4.5); the data is cut to what the target says it sent. */
    private static ScsiResult result(int status, byte[] buffer, byte[] sense, Pdu last, long dataInBytes) {
        boolean underflow = (last.flags() & RESIDUAL_UNDERFLOW) != 0;
        boolean overflow = (last.flags() & RESIDUAL_OVERFLOW) != 0;
        int residual = underflow || overflow ? last.u32At44() : 0;
        int transferred = underflow ? Math.max(0, buffer.length - residual) : buffer.length;
        if (status != ScsiResult.GOOD) {
            transferred = (int) Math.min(transferred, dataInBytes);
        } else if (buffer.length > 0 && dataInBytes != transferred) {
            throw new TargetProtocolError("GOOD status after " + dataInBytes + " bytes of Data-In, but the residual says "
                    + transferred + " were transferred");
        }
        return new ScsiResult(status, Arrays.copyOf(buffer, transferred), sense, residual, underflow, overflow);
    }

    /** SCSI Response data segment: SenseLength (2 bytes) then sense data (RFC 7143 §11.4.7.2). */
    private static byte[] sense(byte[] data) {
        if (data.length < 2) {
            return new byte[0];
        }
        int length = ((data[0] & 0xff) << 8) | (data[1] & 0xff);
        if (length + 2 > data.length) {
            throw new TargetProtocolError("SenseLength " + length + " exceeds the data segment " + data.length);
        }
        return Arrays.copyOfRange(data, 2, 2 + length);
    }

    /**
     * The next PDU for task {@code itt}; answers target NOP-In pings and skips asynchronous messages on the way.
     */
    private Pdu receiveFor(int itt) throws IOException {
        while (true) {
            Pdu pdu = channel.receive();
            if (pdu.is(Opcode.NOP_IN) && pdu.initiatorTaskTag() == RESERVED_TAG) {
                answerTargetPing(pdu);
                continue;
            }
            if (pdu.is(Opcode.ASYNCHRONOUS_MESSAGE)) {
                expStatSN = pdu.statSN() + 1; // carries status, but not for our task (§11.9)
                continue;
            }
            if (pdu.is(Opcode.REJECT)) {
                return pdu;
            }
            if (pdu.initiatorTaskTag() != itt) {
                throw new TargetProtocolError("PDU for task 0x" + Integer.toHexString(pdu.initiatorTaskTag())
                        + " while only task 0x" + Integer.toHexString(itt) + " is outstanding: " + pdu);
            }
            return pdu;
        }
    }

    /** NOP-In with ITT ffffffffh: answer with NOP-Out echoing its TTT if it wants one (§11.18.3). */
    private void answerTargetPing(Pdu nopIn) throws IOException {
        if (nopIn.targetTransferTag() != RESERVED_TAG) {
            channel.send(Bhs.of(Opcode.NOP_OUT, true).flags(FINAL).initiatorTaskTag(RESERVED_TAG)
                    .u32(20, nopIn.targetTransferTag()).u32(24, cmdSN).u32(28, expStatSN).build(0), new byte[0]);
        }
    }

    private static void expect(Pdu pdu, Opcode opcode) {
        if (!pdu.is(opcode)) {
            throw new TargetProtocolError("expected " + opcode + ", got " + pdu
                    + (pdu.is(Opcode.REJECT) ? " reason 0x" + Integer.toHexString(pdu.rejectReason()) : ""));
        }
    }

    /**
     * A response that carries status: its StatSN must be the next one and, with one task at a time, ExpCmdSN must
     * already count every command sent; MaxCmdSN must leave room for the next command (§4.2.2.1).
     */
    private void acknowledgeStatus(Pdu pdu) {
        if (pdu.statSN() != expStatSN) {
            throw new TargetProtocolError(Opcode.describe(pdu.opcode()) + " StatSN "
                    + Integer.toUnsignedString(pdu.statSN()) + ", expected " + Integer.toUnsignedString(expStatSN));
        }
        if (pdu.expCmdSN() != cmdSN) {
            throw new TargetProtocolError(Opcode.describe(pdu.opcode()) + " ExpCmdSN "
                    + Integer.toUnsignedString(pdu.expCmdSN()) + ", but every command up to "
                    + Integer.toUnsignedString(cmdSN - 1) + " has been answered");
        }
        if (pdu.maxCmdSN() - pdu.expCmdSN() < 0) {
            throw new TargetProtocolError(Opcode.describe(pdu.opcode()) + " closes the command window: MaxCmdSN "
                    + Integer.toUnsignedString(pdu.maxCmdSN()) + " < ExpCmdSN " + Integer.toUnsignedString(pdu.expCmdSN()));
        }
        expStatSN = pdu.statSN() + 1;
    }
}
