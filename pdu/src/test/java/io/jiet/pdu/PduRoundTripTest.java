package io.jiet.pdu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** decode(encode(pdu)) == pdu for every PDU type, through the real pipeline handlers. */
class PduRoundTripTest {

    private static final int MAX_RECV = 8192;

    @Provide
    Arbitrary<Pdu> pdu() {
        return PduArbitraries.pdus();
    }

    @Provide
    Arbitrary<List<Pdu>> pduStream() {
        return PduArbitraries.pdus().list().ofMinSize(1).ofMaxSize(6);
    }

    @Provide
    Arbitrary<DigestOptions> digests() {
        return Arbitraries.of(DigestOptions.NONE, new DigestOptions(true, false), new DigestOptions(false, true),
                DigestOptions.HEADER_AND_DATA);
    }

    @Property
    void streamOfPdusDecodesToTheSamePdusWhateverTheChunking(
            @ForAll("pduStream") List<Pdu> pdus, @ForAll("digests") DigestOptions digests,
            @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 1, max = 700) Integer> chunkSizes) {
        ByteBuf wire = Unpooled.buffer();
        for (Pdu pdu : pdus) {
            ByteBuf encoded = PduCodec.encode(pdu, ByteBufAllocator.DEFAULT, digests);
            wire.writeBytes(encoded);
            encoded.release();
        }
        PduDecoder decoder = new PduDecoder(MAX_RECV);
        decoder.reconfigure(digests, MAX_RECV);
        Recorder recorder = new Recorder();
        EmbeddedChannel channel = new EmbeddedChannel(decoder, recorder);
        int bound = PduDecoder.maxPduLength(digests, MAX_RECV);
        for (int i = 0; wire.isReadable(); i++) {
            int chunk = Math.min(chunkSizes.get(i % chunkSizes.size()), wire.readableBytes());
            channel.writeInbound(wire.readRetainedSlice(chunk));
            assertTrue(decoder.bufferedBytes() <= bound, "decoder holds " + decoder.bufferedBytes() + " > " + bound);
        }
        assertEquals(0, decoder.bufferedBytes());
        assertEquals(List.of(), recorder.errors());
        assertEquals(pdus.stream().map(PduArbitraries::expectedAfterDecode).toList(), recorder.pdus());
        channel.finishAndReleaseAll();
        assertEquals(List.of(), recorder.errors(), "a clean end of input is not an error");
        recorder.releaseAll();
        wire.release();
    }

    @Property
    void encoderWritesWhatTheCodecEncodesWithoutCopyingTheData(@ForAll("pdu") Pdu pdu,
                                                                @ForAll("digests") DigestOptions digests) {
        ByteBuf expected = PduCodec.encode(pdu, ByteBufAllocator.DEFAULT, digests);
        ByteBuf data = pdu.data();
        PduEncoder encoder = new PduEncoder();
        encoder.reconfigure(digests);
        EmbeddedChannel channel = new EmbeddedChannel(encoder);
        channel.writeOutbound(pdu);

        List<ByteBuf> written = new ArrayList<>();
        for (ByteBuf b; (b = channel.readOutbound()) != null; ) {
            written.add(b);
        }
        if (data.isReadable()) {
            ByteBuf dataPart = written.get(1);
            assertSame(data.array(), dataPart.array(), "the data segment must be passed on, not copied");
        }
        CompositeByteBuf all = Unpooled.compositeBuffer().addComponents(true, written);
        assertEquals(ByteBufUtilHex.of(expected), ByteBufUtilHex.of(all));
        all.release();
        expected.release();
        if (data != Unpooled.EMPTY_BUFFER) { // the shared empty buffer is not reference counted
            assertEquals(0, data.refCnt(), "the encoder releases the PDU once its bytes are written");
        }
    }
}
