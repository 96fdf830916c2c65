package io.jiet.pdu;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Writes PDUs to the wire (RFC 7143 §11.1) without copying their data segments.
 *
 * <p>Each PDU becomes up to three buffers, passed on separately: a small new buffer with BHS, AHS and header digest;
 * a retained slice of the PDU's own data segment; and a few bytes of padding and data digest. Separate buffers
 * rather than a {@code CompositeByteBuf}: the outbound buffer gathers them into one vectored write anyway, and no
 * composite object has to be allocated per PDU. So a 256 KiB Data-In goes from the backing store's buffer to the
 * socket untouched; only the data digest, when negotiated, reads it once more.
 *
 * <p>The PDU's own reference is released after encoding (as {@link MessageToMessageEncoder} does), the slice keeps the
 * data alive until written.
 *
 * <p>Threading: one instance per channel, used only on its event loop; {@link #reconfigure} must be called there too.
 */
public final class PduEncoder extends MessageToMessageEncoder<Pdu> {

    private DigestOptions digests = DigestOptions.NONE;

    public PduEncoder() {
        super(Pdu.class);
    }

    /**
     * Applies the digests negotiated at login to the PDUs written after this call. The final Login Response still
     * goes out without digests (§13.1: digests apply in the Full Feature Phase), so call this after writing it.
     */
    public void reconfigure(DigestOptions digests) {
        this.digests = digests;
    }

    /**
     * The BHS (and header digest, if negotiated) of {@code pdu} announcing a data segment of
     * {@code dataSegmentLength} bytes that the caller writes itself right after, followed by
     * {@link PduCodec#padding} zero bytes. Only without a data digest, which would need the segment's bytes.
     */
    public ByteBuf header(ByteBufAllocator alloc, Pdu pdu, int dataSegmentLength) {
        if (digests.data()) {
            throw new IllegalStateException("a data digest needs the data segment's bytes");
        }
        return encodedHeader(alloc, pdu, dataSegmentLength);
    }

    private ByteBuf encodedHeader(ByteBufAllocator alloc, Pdu pdu, int dataSegmentLength) {
        ByteBuf header = alloc.buffer(PduCodec.BHS_LENGTH + PduCodec.DIGEST_LENGTH);
        try {
            PduCodec.encodeHeader(pdu, dataSegmentLength, header);
            if (digests.header()) {
                header.writeIntLE(Crc32c.of(header, header.readerIndex(), header.readableBytes()));
            }
            return header;
        } catch (RuntimeException e) {
            header.release();
            throw e;
        }
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Pdu pdu, List<Object> out) {
        ByteBuf data = pdu.data();
        int dataLength = data.readableBytes();
        out.add(encodedHeader(ctx.alloc(), pdu, dataLength));
        if (dataLength == 0) {
            return;
        }
        out.add(data.retainedSlice());
        int padding = PduCodec.padding(dataLength);
        int digestLength = digests.dataDigestLength(dataLength);
        if (padding + digestLength > 0) {
            ByteBuf trailer = ctx.alloc().buffer(padding + digestLength);
            trailer.writeZero(padding);
            if (digestLength > 0) {
                trailer.writeIntLE(Crc32c.ofPadded(data, data.readerIndex(), dataLength));
            }
            out.add(trailer);
        }
    }
}
