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
 * Threading: one per channel, on its event loop.
 */
final class FileDataInWriter extends ChannelOutboundHandlerAdapter {

    /**
     * A region of the store's file. {@link DefaultFileRegion} closes its channel when released, but the channel is
     * the store's: this one gives its PDU back instead, which returns the store's lease when the command's last
     * region is done. (A subclass, not a wrapper: the epoll transport sends {@code DefaultFileRegion}s natively.)
     */
    private static final class StoreRegion extends DefaultFileRegion {
        private final FileBackedDataIn pdu;

        StoreRegion(FileBackedDataIn pdu) {
            super(pdu.channel(), pdu.position(), pdu.length());
            this.pdu = pdu;
        }

        @Override
        protected void deallocate() {
            pdu.release();
        }
    }

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
        int length = pdu.length();
        try {
            ctx.write(encoder.header(ctx.alloc(), pdu.header(), length), ctx.voidPromise());
        } catch (RuntimeException e) {
            pdu.release();
            throw e;
        }
        traffic.addSentFromFiles(length);
        int padding = PduCodec.padding(length);
        // The region owns the PDU's reference from here on.
        ctx.write(new StoreRegion(pdu), padding == 0 ? promise : ctx.voidPromise());
        if (padding != 0) {
            ctx.write(ctx.alloc().buffer(padding).writeZero(padding), promise);
        }
    }
}
