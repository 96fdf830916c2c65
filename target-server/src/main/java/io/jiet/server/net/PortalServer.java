package io.jiet.server.net;

import io.jiet.conf.PortalAddress;
import io.jiet.pdu.PduDecoder;
import io.jiet.pdu.PduEncoder;
import io.jiet.server.session.SessionRegistry;
import io.jiet.server.target.ListeningPortal;
import io.jiet.server.target.TargetRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on the daemon's portals and builds each connection's pipeline: byte counter (per portal), decoder,
 * encoder, iSCSI handler. Threading: {@link #bind} and {@link #close} from the daemon's start-up/shut-down thread.
 */
public final class PortalServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PortalServer.class);
    /** RFC 7143 §6.1: login PDUs carry at most 8192 bytes of data until negotiation says otherwise. */
    private static final int LOGIN_MAX_RECV_DATA_SEGMENT_LENGTH = 8192;
    /** Bounds how long a stream of completions may defer its flush (Netty's default). */
    private static final int FLUSHES_BEFORE_FORCED_FLUSH = FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES;

    private final NetworkTransport transport;
    private final EventLoopGroup acceptors;
    private final EventLoopGroup workers;
    private final ChannelGroup listeners = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final TargetRegistry targets;
    private final SessionRegistry sessions;
    private final long loginTimeoutMillis;
    private final PortalTraffic traffic = new PortalTraffic();

    public PortalServer(NetworkTransport transport, int ioThreads, TargetRegistry targets, SessionRegistry sessions,
                        long loginTimeoutMillis) {
        this.transport = transport;
        this.acceptors = transport.newGroup(1);
        this.workers = transport.newGroup(ioThreads);
        this.targets = targets;
        this.sessions = sessions;
        this.loginTimeoutMillis = loginTimeoutMillis;
    }

    /**
     * Binds every portal, in order; throws if any cannot be bound. Each gets its relative target port identifier
     * from its position (1-based), and its connections know which portal they arrived on.
     */
    public List<ListeningPortal> bind(List<PortalAddress> portals) throws InterruptedException {
        List<ListeningPortal> bound = new ArrayList<>();
        for (PortalAddress configured : portals) {
            int relativeTargetPortId = bound.size() + 1;
            ListeningPortal[] self = new ListeningPortal[1];
            PortalTraffic.Bytes bytes = new PortalTraffic.Bytes();
            PortalByteCounter counter = new PortalByteCounter(bytes);
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(acceptors, workers)
                    .channel(transport.serverChannelClass())
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            connections.add(ch);
                            ch.pipeline().addLast("portalBytes", counter);
                            PduDecoder decoder = new PduDecoder(LOGIN_MAX_RECV_DATA_SEGMENT_LENGTH);
                            PduEncoder encoder = new PduEncoder();
                            ch.pipeline().addLast("pduDecoder", decoder);
                            ch.pipeline().addLast("pduEncoder", encoder);
                            // Commands completing in one loop turn (a read burst, several workers finishing)
                            // leave in one vectored write instead of one system call per command.
                            ch.pipeline().addLast("flushConsolidation",
                                    new FlushConsolidationHandler(FLUSHES_BEFORE_FORCED_FLUSH, true));
                            ch.pipeline().addLast("fileDataIn", new FileDataInWriter(encoder, bytes));
                            ch.pipeline().addLast("iscsi", new IscsiConnection(targets, sessions, self[0],
                                    loginTimeoutMillis, decoder, encoder));
                        }
                    });
            Channel channel = bootstrap.bind(new InetSocketAddress(configured.host(), configured.port())).sync()
                    .channel();
            listeners.add(channel);
            InetSocketAddress address = (InetSocketAddress) channel.localAddress();
            self[0] = new ListeningPortal(configured, address, relativeTargetPortId);
            traffic.add(self[0], bytes);
            bound.add(self[0]);
            log.info("listening on {} as relative target port {} ({} transport)",
                    new PortalAddress(address.getAddress().getHostAddress(), address.getPort()), relativeTargetPortId,
                    transport.name());
        }
        return bound;
    }

    /** The bytes read and written on each bound portal's connections. */
    public PortalTraffic traffic() {
        return traffic;
    }

    /** Stops accepting, closes every connection, and stops the event loops. */
    @Override
    public void close() {
        listeners.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
