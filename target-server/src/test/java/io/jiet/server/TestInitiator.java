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
        ByteBuf encoded = PduCodec.encode(pdu, ByteBufAllocator.DEFAULT, DigestOptions.NONE);
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

    /** Reads one PDU (no digests). */
    public TargetPdu receive() throws IOException {
        byte[] bhs = new byte[PduCodec.BHS_LENGTH];
        in.readFully(bhs);
        int ahsLength = (bhs[4] & 0xff) * 4;
        int dataLength = (bhs[5] & 0xff) << 16 | (bhs[6] & 0xff) << 8 | bhs[7] & 0xff;
        byte[] ahs = new byte[ahsLength];
        in.readFully(ahs);
        byte[] data = new byte[dataLength + PduCodec.padding(dataLength)];
        in.readFully(data);
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

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
