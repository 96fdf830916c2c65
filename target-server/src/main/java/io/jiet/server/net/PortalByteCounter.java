package io.jiet.server.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;

/**
 * First handler of a connection's pipeline: adds the bytes read from and written to the socket to its portal's
 * {@link PortalTraffic.Bytes}. Written bytes count when the encoder hands them down, before the socket accepts
 * them. Shared by every connection of one portal.
 * <p>
 * Threading: stateless itself; the counters are thread-safe.
 */
@ChannelHandler.Sharable
final class PortalByteCounter extends ChannelDuplexHandler {

    private final PortalTraffic.Bytes bytes;

    PortalByteCounter(PortalTraffic.Bytes bytes) {
        this.bytes = bytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        bytes.addRead(size(msg));
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        bytes.addWritten(size(msg));
        ctx.write(msg, promise);
    }

    private static long size(Object msg) {
        return switch (msg) {
            case ByteBuf b -> b.readableBytes();
            case ByteBufHolder h -> h.content().readableBytes();
            case FileRegion r -> r.count() - r.transferred();
            default -> 0;
        };
    }
}
