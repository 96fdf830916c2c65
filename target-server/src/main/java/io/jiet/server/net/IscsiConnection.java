package io.jiet.server.net;

import io.jiet.pdu.DigestOptions;
import io.jiet.pdu.InitiatorPdu;
import io.jiet.pdu.LoginRequest;
import io.jiet.pdu.LoginResponse;
import io.jiet.pdu.MalformedPduException;
import io.jiet.pdu.Pdu;
import io.jiet.pdu.PduDecoder;
import io.jiet.pdu.PduEncoder;
import io.jiet.pdu.Reject;
import io.jiet.pdu.TargetPdu;
import io.jiet.server.login.LoginConversation;
import io.jiet.server.login.LoginOutcome;
import io.jiet.server.login.NegotiatedParameters;
import io.jiet.server.session.Session;
import io.jiet.server.session.SessionConnection;
import io.jiet.server.session.SessionRegistry;
import io.jiet.server.target.ListeningPortal;
import io.jiet.server.target.TargetRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One iSCSI connection: the login phase, then full-feature phase handed to its session. Holds the connection's
 * StatSN (RFC 7143 §4.2.2.2). Runs entirely on the channel's event loop.
 */
public final class IscsiConnection extends ChannelInboundHandlerAdapter implements SessionConnection {

    private static final Logger log = LoggerFactory.getLogger(IscsiConnection.class);

    private final TargetRegistry targets;
    private final SessionRegistry sessions;
    private final ListeningPortal portal;
    private final long loginTimeoutMillis;
    private final PduDecoder decoder;
    private final PduEncoder encoder;

    private ChannelHandlerContext ctx;
    private LoginConversation login;
    private Session session;
    private boolean statSNStarted;
    /** Advanced by the session's home loop once in full-feature phase, by this loop during login. */
    private final AtomicInteger statSN = new AtomicInteger();
    private int cid;
    private NegotiatedParameters parameters;
    private ScheduledFuture<?> loginTimeout;

    public IscsiConnection(TargetRegistry targets, SessionRegistry sessions, ListeningPortal portal,
                           long loginTimeoutMillis, PduDecoder decoder, PduEncoder encoder) {
        this.targets = targets;
        this.sessions = sessions;
        this.portal = portal;
        this.loginTimeoutMillis = loginTimeoutMillis;
        this.decoder = decoder;
        this.encoder = encoder;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.login = new LoginConversation(targets, sessions, portal, ctx.alloc(), ctx.channel().eventLoop(),
                ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress(), localAddress());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        loginTimeout = ctx.executor().schedule(() -> {
            log.warn("{}: login did not complete within {} ms; closing", ctx.channel().remoteAddress(),
                    loginTimeoutMillis);
            ctx.close();
        }, loginTimeoutMillis, TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof InitiatorPdu pdu)) {
            // A target opcode sent by an initiator: nothing an initiator may send (RFC 7143 §11.2.1.2).
            log.debug("{}: dropping connection on unexpected {}", ctx.channel().remoteAddress(), msg);
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        if (session != null) {
            session.receive(this, pdu);
            return;
        }
        try {
            if (pdu instanceof LoginRequest request) {
                onLogin(request);
            } else {
                // RFC 7143 §6.1: only Login Requests are allowed before the login phase completes.
                log.debug("{}: {} before login completed; closing", ctx.channel().remoteAddress(), pdu.opcode());
                ctx.close();
            }
        } finally {
            pdu.release();
        }
    }

    private void onLogin(LoginRequest request) {
        if (!statSNStarted) {
            // RFC 7143 §11.13.4: the first Login Response sets the starting StatSN; we follow the initiator's guess.
            statSN.set(request.expStatSN());
            statSNStarted = true;
        }
        LoginOutcome outcome = login.onRequest(request, takeStatSN());
        switch (outcome) {
            case LoginOutcome.Continue c -> ctx.writeAndFlush(c.response());
            case LoginOutcome.Failed f -> {
                targets.connectionObserver().loginFailed(f.status(), (InetSocketAddress) ctx.channel().remoteAddress());
                log.info("login refused from {} (initiator {}): {} ({})", ctx.channel().remoteAddress(),
                        login.initiatorName(), f.status(), f.reason());
                ctx.writeAndFlush(f.response()).addListener(ChannelFutureListener.CLOSE);
            }
            case LoginOutcome.Established e -> establish(e, request.cid());
        }
    }

    private void establish(LoginOutcome.Established established, int connectionId) {
        LoginResponse response = established.response();
        NegotiatedParameters p = established.parameters();
        this.cid = connectionId;
        this.parameters = p;
        if (loginTimeout != null) {
            loginTimeout.cancel(false);
        }
        // The session knows the connection before the initiator learns it is logged in.
        session = established.session();
        session.attach(this);
        targets.connectionObserver().loggedIn(session, this, (InetSocketAddress) ctx.channel().remoteAddress());
        ctx.writeAndFlush(response);
        // Digests and the new receive limit apply to everything after the final Login Response (RFC 7143 §13.1).
        DigestOptions digests = new DigestOptions(p.headerDigest(), p.dataDigest());
        decoder.reconfigure(digests, p.maxRecvDataSegmentLength());
        encoder.reconfigure(digests);
        log.info("login: initiator {} isid {} portal {} target {} tsih {} hd:{} dd:{}", login.initiatorName(),
                session.key().initiatorPortName(), localAddress(), login.target() == null ? "(discovery)"
                        : login.target().name(), session.tsih(), p.headerDigest() ? "crc32c" : "none",
                p.dataDigest() ? "crc32c" : "none");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof io.netty.handler.codec.DecoderException && cause.getCause() != null
                ? cause.getCause() : cause;
        if (root instanceof MalformedPduException malformed && !malformed.connectionFatal() && session != null
                && !(malformed.rejectReason() == Reject.DATA_DIGEST_ERROR && parameters.errorRecoveryLevel() == 0)) {
            log.debug("{}: rejecting malformed PDU: {}", ctx.channel().remoteAddress(), malformed.getMessage());
            session.rejectHeader(this, malformed.header(), malformed.rejectReason());
            return;
        }
        // A data digest error at ErrorRecoveryLevel 0 cannot be recovered within the connection (RFC 7143 §7.8).
        if (root instanceof IOException) {
            log.debug("{}: connection error: {}", ctx.channel().remoteAddress(), root.toString());
        } else {
            log.warn("{}: closing connection: {}", ctx.channel().remoteAddress(), root.toString());
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (loginTimeout != null) {
            loginTimeout.cancel(false);
        }
        if (session != null) {
            targets.connectionObserver().closed(session, this);
            session.connectionLost(this);
        }
        ctx.fireChannelInactive();
    }

    // ---- SessionConnection -------------------------------------------------------------------------------

    @Override
    public EventLoop eventLoop() {
        return ctx.channel().eventLoop();
    }

    @Override
    public int cid() {
        return cid;
    }

    @Override
    public NegotiatedParameters parameters() {
        return parameters;
    }

    @Override
    public ByteBufAllocator alloc() {
        return ctx.alloc();
    }

    @Override
    public void send(TargetPdu pdu) {
        ctx.write(pdu, ctx.voidPromise());
    }

    @Override
    public void send(io.jiet.server.session.FileBackedDataIn dataIn) {
        ctx.write(dataIn, ctx.voidPromise());
    }

    @Override
    public void flush() {
        ctx.flush();
    }

    @Override
    public int takeStatSN() {
        return statSN.getAndIncrement();
    }

    @Override
    public int currentStatSN() {
        return statSN.get();
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) ctx.channel().localAddress();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) ctx.channel().remoteAddress();
    }

    @Override
    public void closeAfterFlush() {
        ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void close() {
        ctx.close();
    }

}
