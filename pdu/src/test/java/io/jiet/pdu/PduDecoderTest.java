package io.jiet.pdu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Framing, limits and error handling of {@link PduDecoder}. */
class PduDecoderTest {

    private static final int MAX_RECV = 8192;

    /** A fresh one per example test: JUnit creates an instance per test method. */
    private final Recorder recorder = new Recorder();

    private PduDecoder decoder(DigestOptions digests, int maxRecv) {
        PduDecoder decoder = new PduDecoder(maxRecv);
        decoder.reconfigure(digests, maxRecv);
        return decoder;
    }

    private static NopOut nopOut(int itt, byte[] data) {
        return new NopOut(true, 0, itt, -1, 1, 2, Unpooled.wrappedBuffer(data));
    }

    private static byte[] wire(Pdu pdu, DigestOptions digests) {
        ByteBuf encoded = PduCodec.encode(pdu, ByteBufAllocator.DEFAULT, digests);
        byte[] bytes = ByteBufUtil.getBytes(encoded);
        encoded.release();
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuf all = Unpooled.buffer();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return ByteBufUtil.getBytes(all);
    }

    private static MalformedPduException single(List<Throwable> errors) {
        assertEquals(1, errors.size(), () -> "errors: " + errors);
        return assertInstanceOf(MalformedPduException.class, errors.get(0));
    }

    /** A BHS declaring {@code dataSegmentLength}, with arbitrary other bytes. */
    private static byte[] header(int dataSegmentLength, byte[] rest) {
        byte[] bhs = Arrays.copyOf(rest, 48);
        bhs[0] = 0x00;
        bhs[4] = 0;
        bhs[5] = (byte) (dataSegmentLength >> 16);
        bhs[6] = (byte) (dataSegmentLength >> 8);
        bhs[7] = (byte) dataSegmentLength;
        return bhs;
    }

    @Test
    void oversizedDataSegmentFailsAsSoonAsTheHeaderIsCompleteAndPoisonsTheDecoder() {
        PduDecoder decoder = decoder(DigestOptions.NONE, MAX_RECV);
        EmbeddedChannel channel = new EmbeddedChannel(decoder, recorder);
        byte[] bhs = header(PduCodec.MAX_DATA_SEGMENT_LENGTH, new byte[0]);
        for (int i = 0; i < 47; i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(bhs, i, 1));
            assertEquals(List.of(), recorder.events, "nothing can be known before byte 48");
        }
        channel.writeInbound(Unpooled.wrappedBuffer(bhs, 47, 1));
        MalformedPduException e = single(recorder.errors());
        assertTrue(e.connectionFatal());
        assertArrayEquals(bhs, e.header());
        assertEquals(0, decoder.bufferedBytes(), "nothing is kept after the verdict");

        channel.writeInbound(Unpooled.wrappedBuffer(wire(nopOut(1, new byte[0]), DigestOptions.NONE)));
        channel.finish();
        assertEquals(1, recorder.events.size(), "a poisoned decoder ignores everything that follows");
        assertEquals(0, decoder.bufferedBytes());
    }

    @Test
    void theLimitCountsTheDataSegmentWithoutPadding() {
        EmbeddedChannel channel = new EmbeddedChannel(decoder(DigestOptions.HEADER_AND_DATA, 513), recorder);
        NopOut atLimit = nopOut(1, new byte[513]);
        channel.writeInbound(Unpooled.wrappedBuffer(wire(atLimit, DigestOptions.HEADER_AND_DATA)));
        assertEquals(List.of(atLimit), recorder.pdus());
        assertEquals(List.of(), recorder.errors());

        channel.writeInbound(Unpooled.wrappedBuffer(wire(nopOut(2, new byte[514]), DigestOptions.HEADER_AND_DATA)));
        assertTrue(single(recorder.errors()).connectionFatal());
        recorder.releaseAll();
    }

    @Test
    void dataDigestErrorDropsOnlyThatPduAndTheNextOneInTheSameReadIsDecoded() {
        DigestOptions digests = DigestOptions.HEADER_AND_DATA;
        EmbeddedChannel channel = new EmbeddedChannel(decoder(digests, MAX_RECV), recorder);
        byte[] bad = wire(nopOut(1, new byte[] {1, 2, 3, 4, 5}), digests);
        bad[48 + 4 + 2] ^= 0x10;
        NopOut good = nopOut(2, new byte[] {9, 9});
        channel.writeInbound(Unpooled.wrappedBuffer(concat(bad, wire(good, digests))));

        assertEquals(2, recorder.events.size());
        MalformedPduException e = assertInstanceOf(MalformedPduException.class, recorder.events.get(0));
        assertFalse(e.connectionFatal());
        assertEquals(Reject.DATA_DIGEST_ERROR, e.rejectReason());
        assertArrayEquals(Arrays.copyOf(bad, 48), e.header());
        assertEquals(good, recorder.events.get(1));
        recorder.releaseAll();
    }

    @Test
    void headerDigestErrorIsFatal() {
        DigestOptions digests = new DigestOptions(true, false);
        EmbeddedChannel channel = new EmbeddedChannel(decoder(digests, MAX_RECV), recorder);
        byte[] bad = wire(nopOut(1, new byte[0]), digests);
        bad[20] ^= 1;
        channel.writeInbound(Unpooled.wrappedBuffer(concat(bad, wire(nopOut(2, new byte[0]), digests))));
        assertTrue(single(recorder.events.stream().map(Throwable.class::cast).toList()).connectionFatal());
    }

    @Test
    void unknownOpcodeIsSkippedWholeAndReportedAsNotSupported() {
        byte[] vendor = wire(nopOut(1, new byte[] {1, 2, 3, 4, 5, 6}), DigestOptions.NONE);
        vendor[0] = 0x1c;
        NopOut next = nopOut(2, new byte[0]);
        EmbeddedChannel channel = new EmbeddedChannel(decoder(DigestOptions.NONE, MAX_RECV), recorder);
        channel.writeInbound(Unpooled.wrappedBuffer(concat(vendor, wire(next, DigestOptions.NONE))));

        MalformedPduException e = assertInstanceOf(MalformedPduException.class, recorder.events.get(0));
        assertEquals(Reject.COMMAND_NOT_SUPPORTED, e.rejectReason());
        assertFalse(e.connectionFatal());
        assertArrayEquals(Arrays.copyOf(vendor, 48), e.header());
        assertEquals(next, recorder.events.get(1));
    }

    @Test
    void pduCutShortByTheEndOfInputIsFatal() {
        byte[] whole = wire(nopOut(1, new byte[10]), DigestOptions.NONE);
        EmbeddedChannel channel = new EmbeddedChannel(decoder(DigestOptions.NONE, MAX_RECV), recorder);
        channel.writeInbound(Unpooled.wrappedBuffer(whole, 0, whole.length - 1));
        assertEquals(List.of(), recorder.events);
        channel.finish();
        MalformedPduException e = single(recorder.errors());
        assertTrue(e.connectionFatal());
        assertArrayEquals(Arrays.copyOf(whole, 48), e.header());
    }

    @Test
    void decodedDataIsASliceOfTheReceivedBytes() {
        byte[] received = wire(nopOut(1, new byte[] {1, 2, 3, 4}), DigestOptions.NONE);
        EmbeddedChannel channel = new EmbeddedChannel(decoder(DigestOptions.NONE, MAX_RECV), recorder);
        channel.writeInbound(Unpooled.wrappedBuffer(received));
        ByteBuf data = recorder.pdus().get(0).data();
        assertSame(received, data.array(), "the data segment must not be copied");
        recorder.releaseAll();
    }

    @Test
    void digestsSwitchOnBetweenTwoPdusOfTheSameRead() {
        // The final Login Request travels without digests; the handler switches while handling it, and the next
        // PDU, already in the same read, must be checked with digests (RFC 7143 §13.1).
        PduDecoder decoder = new PduDecoder(MAX_RECV);
        LoginRequest login = new LoginRequest(true, false, 1, 3, 0, 0, 1, 0, 1, 0, 1, 0, Unpooled.EMPTY_BUFFER);
        NopOut first = nopOut(2, new byte[] {7});
        List<Object> seen = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(decoder, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                seen.add(msg);
                if (msg instanceof LoginRequest) {
                    decoder.reconfigure(DigestOptions.HEADER_AND_DATA, 65536);
                }
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                seen.add(cause);
            }
        });
        channel.writeInbound(Unpooled.wrappedBuffer(concat(wire(login, DigestOptions.NONE),
                wire(first, DigestOptions.HEADER_AND_DATA))));
        assertEquals(List.of(login, first), seen);
    }

    // ---- properties over hostile input (jqwik reuses the instance across tries: one Recorder per try) ----

    @Provide
    Arbitrary<DigestOptions> digests() {
        return Arbitraries.of(DigestOptions.NONE, new DigestOptions(true, false), new DigestOptions(false, true),
                DigestOptions.HEADER_AND_DATA);
    }

    @Property
    void randomBytesEndOnlyInPdusOrMalformedPduExceptions(
            @ForAll @Size(max = 3000) byte[] bytes, @ForAll("digests") DigestOptions digests,
            @ForAll @IntRange(min = 0, max = 4096) int maxRecv, @ForAll @IntRange(min = 1, max = 97) int chunk) {
        Recorder recorder = new Recorder();
        PduDecoder decoder = decoder(digests, maxRecv);
        EmbeddedChannel channel = new EmbeddedChannel(decoder, recorder);
        feed(channel, decoder, bytes, chunk, PduDecoder.maxPduLength(digests, maxRecv));
        channel.finish();
        assertOnlyPdusAndMalformedPduExceptions(recorder);
    }

    @Property
    void corruptedPduStreamsEndOnlyInPdusOrMalformedPduExceptions(
            @ForAll("pdus") List<Pdu> pdus, @ForAll("digests") DigestOptions digests,
            @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 0, max = 5000) Integer> flips,
            @ForAll @IntRange(min = 1, max = 211) int chunk) {
        ByteBuf stream = Unpooled.buffer();
        pdus.forEach(pdu -> stream.writeBytes(wire(pdu, digests)));
        byte[] bytes = ByteBufUtil.getBytes(stream);
        for (int flip : flips) {
            bytes[flip % bytes.length] ^= (byte) (1 << flip % 8);
        }
        Recorder recorder = new Recorder();
        PduDecoder decoder = decoder(digests, MAX_RECV);
        EmbeddedChannel channel = new EmbeddedChannel(decoder, recorder);
        feed(channel, decoder, bytes, chunk, PduDecoder.maxPduLength(digests, MAX_RECV));
        channel.finish();
        assertOnlyPdusAndMalformedPduExceptions(recorder);
    }

    @Property
    void truncatedInputDecodesTheWholePdusThenFailsFatally(
            @ForAll("pdus") List<Pdu> pdus, @ForAll("digests") DigestOptions digests,
            @ForAll @IntRange(min = 1, max = 10_000) int cut, @ForAll @IntRange(min = 1, max = 97) int chunk) {
        List<byte[]> wires = pdus.stream().map(pdu -> wire(pdu, digests)).toList();
        byte[] last = wires.getLast();
        byte[] truncated = Arrays.copyOf(last, cut % last.length);
        byte[] bytes = concat(concat(wires.subList(0, wires.size() - 1).toArray(byte[][]::new)), truncated);
        Recorder recorder = new Recorder();
        PduDecoder decoder = decoder(digests, MAX_RECV);
        EmbeddedChannel channel = new EmbeddedChannel(decoder, recorder);
        feed(channel, decoder, bytes, chunk, PduDecoder.maxPduLength(digests, MAX_RECV));
        channel.finish();

        List<Pdu> expected = pdus.subList(0, pdus.size() - 1).stream().map(PduArbitraries::expectedAfterDecode)
                .toList();
        assertEquals(expected, recorder.pdus());
        if (truncated.length == 0) {
            assertEquals(List.of(), recorder.errors());
        } else {
            assertTrue(single(recorder.errors()).connectionFatal());
            assertInstanceOf(MalformedPduException.class, recorder.events.getLast());
        }
        recorder.releaseAll();
    }

    @Property
    void declaredLengthOverTheLimitFailsRightAfterTheHeader(
            @ForAll @IntRange(min = 0, max = 262_144) int maxRecv,
            @ForAll @IntRange(min = 1, max = PduCodec.MAX_DATA_SEGMENT_LENGTH) int excess,
            @ForAll @Size(48) byte[] rest, @ForAll("digests") DigestOptions digests,
            @ForAll @IntRange(min = 1, max = 13) int chunk) {
        int declared = (int) Math.min((long) maxRecv + excess, PduCodec.MAX_DATA_SEGMENT_LENGTH);
        if (declared <= maxRecv) {
            return;
        }
        Recorder recorder = new Recorder();
        PduDecoder decoder = decoder(digests, maxRecv);
        EmbeddedChannel channel = new EmbeddedChannel(decoder, recorder);
        byte[] bhs = header(declared, rest);
        for (int at = 0; at < 48; at += chunk) {
            assertEquals(List.of(), recorder.events);
            channel.writeInbound(Unpooled.wrappedBuffer(bhs, at, Math.min(chunk, 48 - at)));
        }
        assertTrue(single(recorder.errors()).connectionFatal());
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[4096]));
        assertEquals(0, decoder.bufferedBytes());
        assertEquals(1, recorder.events.size());
    }

    @Provide
    Arbitrary<List<Pdu>> pdus() {
        return PduArbitraries.pdus().list().ofMinSize(1).ofMaxSize(4);
    }

    private static void feed(EmbeddedChannel channel, PduDecoder decoder, byte[] bytes, int chunk, int bound) {
        for (int at = 0; at < bytes.length; at += chunk) {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, at, Math.min(chunk, bytes.length - at)));
            assertTrue(decoder.bufferedBytes() <= bound,
                    () -> "decoder holds " + decoder.bufferedBytes() + " bytes, bound " + bound);
        }
    }

    private static void assertOnlyPdusAndMalformedPduExceptions(Recorder recorder) {
        for (Object event : recorder.events) {
            if (!(event instanceof Pdu) && !(event instanceof MalformedPduException)) {
                throw new AssertionError("unexpected " + event, event instanceof Throwable t ? t : null);
            }
        }
        recorder.releaseAll();
    }
}
