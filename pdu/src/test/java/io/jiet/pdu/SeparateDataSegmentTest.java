package io.jiet.pdu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link PduEncoder#header}: the header of a PDU whose data segment the transport writes itself (from a file) must be
 * byte for byte the header the encoder writes when it has the data in hand, digest included.
 */
class SeparateDataSegmentTest {

    private static DataIn dataIn(ByteBuf data) {
        return new DataIn(true, false, false, false, true, 0, 0L, 0x1234, 0xffffffff, 77, 5, 37, 2, 8192, 0, data);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void headerWithSeparateDataMatchesTheEncodersOwnHeader(boolean headerDigest) {
        int length = 4098; // not a multiple of 4: the caller adds padding
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 13);
        }
        PduEncoder encoder = new PduEncoder();
        encoder.reconfigure(new DigestOptions(headerDigest, false));
        EmbeddedChannel channel = new EmbeddedChannel(encoder);
        channel.writeOutbound(dataIn(Unpooled.wrappedBuffer(bytes)));
        ByteBuf whole = Unpooled.buffer();
        for (Object o; (o = channel.readOutbound()) != null; ) {
            whole.writeBytes((ByteBuf) o);
            ((ByteBuf) o).release();
        }
        ByteBuf header = encoder.header(ByteBufAllocator.DEFAULT, dataIn(Unpooled.EMPTY_BUFFER), length);
        int headerLength = PduCodec.BHS_LENGTH + (headerDigest ? PduCodec.DIGEST_LENGTH : 0);
        assertEquals(headerLength, header.readableBytes());
        assertEquals(ByteBufUtil.hexDump(whole, 0, headerLength), ByteBufUtil.hexDump(header));
        assertEquals(headerLength + length + PduCodec.padding(length), whole.readableBytes());
        header.release();
    }

    @Test
    void aDataDigestNeedsTheBytesSoTheHeaderAloneIsRefused() {
        int length = 512;
        PduEncoder encoder = new PduEncoder();
        encoder.reconfigure(DigestOptions.HEADER_AND_DATA);
        assertThrows(IllegalStateException.class,
                () -> encoder.header(ByteBufAllocator.DEFAULT, dataIn(Unpooled.EMPTY_BUFFER), length));
    }
}
