package io.jiet.server.session;

import io.jiet.pdu.TargetPdu;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;

/** What a session needs from the connection it runs on. Every method is called on {@link #eventLoop()}. */
public interface SessionConnection {

    EventLoop eventLoop();

    ByteBufAllocator alloc();

    /** Queues a PDU for sending; {@link #flush()} sends what is queued. */
    void send(TargetPdu pdu);

    void flush();

    /** The StatSN for a status-bearing PDU; the connection's StatSN advances (RFC 7143 §4.2.2.2). */
    int takeStatSN();

    /** The next StatSN, for PDUs that carry it without advancing it (R2T, Data-In without status). */
    int currentStatSN();

    InetSocketAddress localAddress();

    /** Closes the connection once everything queued has been sent. */
    void closeAfterFlush();

    void close();
}
