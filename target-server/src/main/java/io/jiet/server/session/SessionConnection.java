package io.jiet.server.session;

import io.jiet.pdu.TargetPdu;
import io.jiet.server.login.NegotiatedParameters;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;

/**
 * What a session needs from one of its connections. A session calls these from its own home event loop, which may
 * not be the connection's: {@link #send} and {@link #flush} may be called from any thread and keep their order.
 */
public interface SessionConnection {

    /** The connection's own event loop. */
    EventLoop eventLoop();

    /** The Connection ID the initiator gave at login (RFC 7143 §11.12.8). */
    int cid();

    /** The parameters negotiated on this connection's login (digests and data segment limits are per connection). */
    NegotiatedParameters parameters();

    ByteBufAllocator alloc();

    /** Queues a PDU for sending; {@link #flush()} sends what is queued. */
    void send(TargetPdu pdu);

    /** Queues a Data-In whose data goes from the backing file to the socket without a copy (no data digest). */
    void send(FileBackedDataIn dataIn);

    void flush();

    /** The StatSN for a status-bearing PDU; the connection's StatSN advances (RFC 7143 §4.2.2.2). */
    int takeStatSN();

    /** The next StatSN, for PDUs that carry it without advancing it (R2T, Data-In without status). */
    int currentStatSN();

    InetSocketAddress localAddress();

    InetSocketAddress remoteAddress();

    /** Closes the connection once everything queued has been sent. */
    void closeAfterFlush();

    void close();
}
