package io.jiet.interop.initiator;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;

/**
 * A TCP connection carrying PDUs without digests: each PDU is BHS, AHS, data segment, padding to a multiple of 4
 * (RFC 7143 §11.1). Reads block for at most the read timeout; a closed connection is an {@link EOFException}.
 *
 * <p>Not thread-safe: one test thread sends and receives.
 */
public final class PduChannel implements AutoCloseable {
    /** Larger than any MaxRecvDataSegmentLength (2^24 - 1); a bigger length means a corrupt header. */
    private static final int MAX_DATA_SEGMENT = (1 << 24) - 1;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private PduChannel(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    public static PduChannel connect(String host, int port, Duration readTimeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setSoTimeout(Math.toIntExact(readTimeout.toMillis()));
            return new PduChannel(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    public void readTimeout(Duration timeout) throws IOException {
        socket.setSoTimeout(Math.toIntExact(timeout.toMillis()));
    }

    public void send(byte[] header, byte[] data) throws IOException {
        if (header.length != Bhs.LENGTH) {
            throw new IllegalArgumentException("BHS must be 48 bytes");
        }
        byte[] pdu = new byte[Bhs.LENGTH + padded(data.length)];
        System.arraycopy(header, 0, pdu, 0, Bhs.LENGTH);
        System.arraycopy(data, 0, pdu, Bhs.LENGTH, data.length);
        sendRaw(pdu);
    }

    /** Bytes exactly as given: for headers that are cut short or lie about their length. */
    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public Pdu receive() throws IOException {
        return read(in);
    }

    /** One PDU from any socket: the target side of a test that plays target to a real initiator. */
    static Pdu readFrom(Socket socket) throws IOException {
        return read(socket.getInputStream());
    }

    private static Pdu read(InputStream in) throws IOException {
        byte[] header = new byte[Bhs.LENGTH];
        int first = in.read();
        if (first < 0) {
            throw new EOFException("connection closed by the target");
        }
        header[0] = (byte) first;
        readFully(in, header, 1, Bhs.LENGTH - 1);
        int ahsLength = (header[4] & 0xff) * 4;
        int dataLength = ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8) | (header[7] & 0xff);
        if (dataLength > MAX_DATA_SEGMENT) {
            throw new TargetProtocolError("DataSegmentLength " + dataLength);
        }
        byte[] ahs = new byte[ahsLength];
        readFully(in, ahs, 0, ahsLength);
        byte[] padded = new byte[padded(dataLength)];
        readFully(in, padded, 0, padded.length);
        byte[] data = Arrays.copyOf(padded, dataLength);
        return new Pdu(header, ahs, data);
    }

    /** Half-close: the target sees end of stream, we can still read what it sends. */
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    public boolean isClosed() {
        return socket.isClosed();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket that is already broken
        }
    }

    static int padded(int length) {
        return (length + 3) & ~3;
    }

    private static void readFully(InputStream in, byte[] buffer, int offset, int length) throws IOException {
        int done = 0;
        while (done < length) {
            int n = in.read(buffer, offset + done, length - done);
            if (n < 0) {
                throw new EOFException("connection closed by the target in the middle of a PDU");
            }
            done += n;
        }
    }
}
