package io.jiet.server.net;

import io.jiet.pdu.PduCodec;
import io.jiet.pdu.PduEncoder;
import io.jiet.server.session.FileBackedDataIn;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultFileRegion;

/**
 * Writes a {@link FileBackedDataIn}: the encoder's header, then the data as a file region the transport sends with
 * sendfile (epoll and NIO both do), then the padding to a 4-byte boundary (RFC 7143 §11.1). Used only without a
 * data digest, which would have to read the bytes anyway.
 * <p>
 * A {@link DefaultFileRegion} closes its channel when released; the channel is the store's and must stay open, so
 * each region keeps one reference it never gives back (it holds no other resource, the garbage collector takes it).
 * <p>
 * Threading: one per channel, on its event loop.
 */
final class FileDataInWriter extends ChannelOutboundHandlerAdapter {

    private final PduEncoder encoder;
    private final PortalTraffic.Bytes traffic;

    FileDataInWriter(PduEncoder encoder, PortalTraffic.Bytes traffic) {
        this.encoder = encoder;
        this.traffic = traffic;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof FileBackedDataIn pdu)) {
            ctx.write(msg, promise);
            return;
        }
        int length = pdu.data().length();
        traffic.addSentFromFiles(length);
        ctx.write(encoder.header(ctx.alloc(), pdu.header(), length), ctx.voidPromise());
        DefaultFileRegion region = new DefaultFileRegion(pdu.data().channel(), pdu.data().position(), length);
        region.retain(); // never released to zero: see the class comment
        int padding = PduCodec.padding(length);
        if (padding == 0) {
            ctx.write(region, promise);
            return;
        }
        ctx.write(region, ctx.voidPromise());
        ctx.write(ctx.alloc().buffer(padding).writeZero(padding), promise);
    }
}
