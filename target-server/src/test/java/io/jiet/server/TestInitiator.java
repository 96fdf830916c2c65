package io.jiet.server;

import io.jiet.pdu.DigestOptions;
import io.jiet.pdu.LoginRequest;
import io.jiet.pdu.LoginResponse;
import io.jiet.pdu.Pdu;
import io.jiet.pdu.PduCodec;
import io.jiet.pdu.TargetPdu;
import io.jiet.pdu.TextCodec;
import io.jiet.pdu.TextParameter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A blocking, single-connection initiator for tests: encodes with the pdu module and reads whole PDUs. */
public final class TestInitiator implements AutoCloseable {

    public static final String INITIATOR_NAME = "iqn.2026-11.io.jiet:test-initiator";

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    public int cmdSN = 1;
    public int expStatSN = 1;
    public int itt = 1;
    public int tsih;
    /** Digests in force after login; receive() verifies nothing, it only skips them. */
    public DigestOptions digests = DigestOptions.NONE;

    public TestInitiator(InetSocketAddress portal) throws IOException {
        socket = new Socket();
        socket.connect(portal, 5000);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    public Socket socket() {
        return socket;
    }

    public void send(Pdu pdu) throws IOException {
        ByteBuf encoded = PduCodec.encode(pdu, ByteBufAllocator.DEFAULT, digests);
        try {
            byte[] bytes = new byte[encoded.readableBytes()];
            encoded.readBytes(bytes);
            out.write(bytes);
            out.flush();
        } finally {
            encoded.release();
        }
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads one PDU, skipping digests when they are on. */
    public TargetPdu receive() throws IOException {
        byte[] bhs = new byte[PduCodec.BHS_LENGTH];
        in.readFully(bhs);
        int ahsLength = (bhs[4] & 0xff) * 4;
        int dataLength = (bhs[5] & 0xff) << 16 | (bhs[6] & 0xff) << 8 | bhs[7] & 0xff;
        byte[] ahs = new byte[ahsLength];
        in.readFully(ahs);
        in.skipNBytes(digests.headerDigestLength());
        byte[] data = new byte[dataLength + PduCodec.padding(dataLength)];
        in.readFully(data);
        in.skipNBytes(digests.dataDigestLength(dataLength));
        Pdu pdu = PduCodec.decode(Unpooled.wrappedBuffer(bhs), Unpooled.wrappedBuffer(ahs),
                Unpooled.wrappedBuffer(data, 0, dataLength));
        return (TargetPdu) pdu;
    }

    public static ByteBuf text(Map<String, String> keys) {
        List<TextParameter> params = new ArrayList<>();
        keys.forEach((k, v) -> params.add(new TextParameter(k, v)));
        ByteBuf buf = Unpooled.buffer();
        TextCodec.encode(params, buf);
        return buf;
    }

    /** Logs straight into the operational stage with the given keys; returns the final response. */
    public LoginResponse login(long isid, Map<String, String> keys) throws IOException {
        send(new LoginRequest(true, false, 1, 3, 0, 0, isid, 0, itt++, 0, cmdSN, expStatSN, text(keys)));
        LoginResponse response = (LoginResponse) receive();
        expStatSN = response.statSN() + 1;
        tsih = response.tsih();
        return response;
    }

    /** Sends one login request and returns the response (for multi-step logins such as CHAP). */
    public LoginResponse loginStep(LoginRequest request) throws IOException {
        send(request);
        LoginResponse response = (LoginResponse) receive();
        expStatSN = response.statSN() + 1;
        tsih = response.tsih();
        return response;
    }

    public static byte[] cdb10(int opcode, long lba, int blocks) {
        byte[] cdb = new byte[16];
        cdb[0] = (byte) opcode;
        cdb[2] = (byte) (lba >>> 24);
        cdb[3] = (byte) (lba >>> 16);
        cdb[4] = (byte) (lba >>> 8);
        cdb[5] = (byte) lba;
        cdb[7] = (byte) (blocks >>> 8);
        cdb[8] = (byte) blocks;
        return cdb;
    }

    /** WRITE(10) of whole 512-byte blocks: no immediate data, everything through R2T. Returns the status. */
    public int write10(long lba, byte[] data, int commandSN) throws IOException {
        int task = itt++;
        send(new io.jiet.pdu.ScsiCommand(false, true, false, true, 1, 0, task, data.length, commandSN, expStatSN,
                cdb10(0x2a, lba, data.length / 512), 0, Unpooled.EMPTY_BUFFER));
        while (true) {
            TargetPdu pdu = receive();
            if (pdu instanceof io.jiet.pdu.ReadyToTransfer r2t) {
                int end = r2t.bufferOffset() + r2t.desiredDataTransferLength();
                int dataSN = 0;
                for (int off = r2t.bufferOffset(); off < end; off += 8192) {
                    int len = Math.min(8192, end - off);
                    send(new io.jiet.pdu.DataOut(off + len == end, 0, task, r2t.targetTransferTag(), expStatSN,
                            dataSN++, off, Unpooled.wrappedBuffer(data, off, len)));
                }
            } else if (pdu instanceof io.jiet.pdu.ScsiResponse response) {
                expStatSN = response.statSN() + 1;
                return response.status();
            } else {
                throw new IOException("unexpected " + pdu);
            }
        }
    }

    /** READ(10) of 512-byte blocks; returns the data (status must be GOOD). */
    public byte[] read10(long lba, int blocks, int commandSN) throws IOException {
        byte[] out = new byte[blocks * 512];
        send(new io.jiet.pdu.ScsiCommand(false, true, true, false, 1, 0, itt++, out.length, commandSN, expStatSN,
                cdb10(0x28, lba, blocks), 0, Unpooled.EMPTY_BUFFER));
        while (true) {
            TargetPdu pdu = receive();
            if (pdu instanceof io.jiet.pdu.DataIn in) {
                in.data().readBytes(out, in.bufferOffset(), in.data().readableBytes());
                if (in.statusPresent()) {
                    expStatSN = in.statSN() + 1;
                    if (in.status() != 0) {
                        throw new IOException("READ status " + in.status());
                    }
                    return out;
                }
            } else if (pdu instanceof io.jiet.pdu.ScsiResponse response) {
                expStatSN = response.statSN() + 1;
                if (response.status() != 0) {
                    throw new IOException("READ status " + response.status());
                }
                return out;
            } else {
                throw new IOException("unexpected " + pdu);
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
