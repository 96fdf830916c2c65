package io.jiet.pdu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiet.pdu.MalformedTextException.Violation;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Text segments, RFC 7143 §6.1: codec, splitting over PDUs, and reassembly. */
class TextCodecTest {

    private static ByteBuf text(String s) {
        return Unpooled.wrappedBuffer(s.getBytes(StandardCharsets.UTF_8));
    }

    private static ByteBuf encode(List<TextParameter> parameters) {
        ByteBuf out = Unpooled.buffer();
        TextCodec.encode(parameters, out);
        return out;
    }

    private static void assertViolation(Violation violation, String segment) {
        MalformedTextException e = assertThrows(MalformedTextException.class, () -> TextCodec.decode(text(segment)),
                segment);
        assertEquals(violation, e.violation(), segment);
    }

    @Provide
    Arbitrary<List<TextParameter>> parameters() {
        Arbitrary<String> keys = Combinators.combine(
                Arbitraries.chars().range('A', 'Z'),
                Arbitraries.strings().alpha().numeric().withChars(".-+@_").ofMaxLength(62))
                .as((first, rest) -> first + rest);
        // Up to 80 characters of at most 3 UTF-8 bytes each stays within the 255-byte simple-value limit.
        Arbitrary<String> values = Arbitraries.strings().withCharRange(' ', '~').withChars("éüß日本語").ofMaxLength(80);
        return Combinators.combine(keys, values).as(TextParameter::new).list().ofMaxSize(12);
    }

    @Property
    void decodeOfEncodeIsIdentity(@ForAll("parameters") List<TextParameter> parameters) {
        assertEquals(parameters, TextCodec.decode(encode(parameters)));
    }

    @Property
    void splitPiecesReassembleToTheSameParameters(@ForAll("parameters") List<TextParameter> parameters,
                                                   @ForAll @IntRange(min = 1, max = 64) int maxChunk) {
        ByteBuf segment = encode(parameters);
        List<ByteBuf> pieces = TextCodec.split(segment, maxChunk);
        TextSegmentAssembler assembler = new TextSegmentAssembler(65536);
        Optional<List<TextParameter>> result = Optional.empty();
        for (int i = 0; i < pieces.size(); i++) {
            ByteBuf piece = pieces.get(i);
            assertTrue(piece.readableBytes() <= maxChunk);
            boolean last = i == pieces.size() - 1;
            assertEquals(Optional.empty(), result, "nothing before the PDU without the C bit");
            result = assembler.append(piece, !last);
            piece.release();
        }
        assertEquals(Optional.of(parameters), result);
        assertEquals(1, segment.refCnt(), "every piece was a retained slice released once");
        assertEquals(0, assembler.pendingBytes());
    }

    @Test
    void decodesALoginSegment() {
        assertEquals(List.of(new TextParameter("InitiatorName", "iqn.1993-08.org.debian:01:abc"),
                        new TextParameter("HeaderDigest", "CRC32C,None"),
                        new TextParameter("TargetAlias", "stockage à Zürich"),
                        new TextParameter("X-com.example.key", "a=b"),
                        new TextParameter("X#NodeArchitecture", "jiet"),
                        new TextParameter("Empty", "")),
                TextCodec.decode(text("InitiatorName=iqn.1993-08.org.debian:01:abc\0HeaderDigest=CRC32C,None\0"
                        + "TargetAlias=stockage à Zürich\0X-com.example.key=a=b\0X#NodeArchitecture=jiet\0\0Empty=\0")));
    }

    @Test
    void syntaxViolations() {
        assertViolation(Violation.SYNTAX, "HeaderDigest=None");
        assertViolation(Violation.SYNTAX, "HeaderDigest\0");
    }

    @Test
    void keyViolations() {
        assertViolation(Violation.KEY, "=None\0");
        assertViolation(Violation.KEY, "headerDigest=None\0");
        assertViolation(Violation.KEY, "Header Digest=None\0");
        assertViolation(Violation.KEY, "Hé=x\0");
        assertViolation(Violation.KEY, "Y#Key=x\0");
        assertViolation(Violation.KEY, "K" + "e".repeat(63) + "=x\0");
        assertEquals(1, TextCodec.decode(text("K" + "e".repeat(62) + "=x\0")).size(), "63 bytes is allowed");
    }

    @Test
    void valueLengthsCountEachSimpleValueAndBinaryLengthOfConstants() {
        assertEquals(1, TextCodec.decode(text("TargetAlias=" + "a".repeat(255) + "\0")).size());
        assertViolation(Violation.VALUE_LENGTH, "TargetAlias=" + "a".repeat(256) + "\0");
        assertViolation(Violation.VALUE_LENGTH, "TargetAlias=" + "é".repeat(128) + "\0");
        assertEquals(1, TextCodec.decode(text("K=" + "a".repeat(200) + "," + "b".repeat(200) + "\0")).size());
        assertViolation(Violation.VALUE_LENGTH, "K=a," + "b".repeat(256) + "\0");
        assertEquals(1, TextCodec.decode(text("K=0x" + "f".repeat(510) + "\0")).size(), "255 binary bytes");
        assertViolation(Violation.VALUE_LENGTH, "K=0x" + "f".repeat(512) + "\0");
    }

    @Test
    void chapChallengeAndResponseMayCarry1024BinaryBytes() {
        assertEquals(1, TextCodec.decode(text("CHAP_C=0x" + "ab".repeat(1024) + "\0")).size());
        assertViolation(Violation.VALUE_LENGTH, "CHAP_C=0x" + "ab".repeat(1025) + "\0");
        assertEquals(1, TextCodec.decode(text("CHAP_R=0b" + "QUJD".repeat(341) + "\0")).size());
        assertViolation(Violation.VALUE_LENGTH, "CHAP_R=0b" + "QUJD".repeat(342) + "\0");
    }

    @Test
    void invalidUtf8IsRefused() {
        ByteBuf segment = Unpooled.buffer();
        segment.writeCharSequence("TargetAlias=", StandardCharsets.US_ASCII);
        segment.writeByte(0xc3).writeByte(0x28).writeByte(0);
        assertEquals(Violation.ENCODING,
                assertThrows(MalformedTextException.class, () -> TextCodec.decode(segment)).violation());
    }

    @Test
    void encodeRefusesWhatCouldNotBeDecodedAndWritesNothing() {
        ByteBuf out = Unpooled.buffer();
        List<TextParameter> nul = List.of(new TextParameter("A", "ok"), new TextParameter("B", "x\0y"));
        assertEquals(Violation.SYNTAX,
                assertThrows(MalformedTextException.class, () -> TextCodec.encode(nul, out)).violation());
        assertEquals(Violation.ENCODING, assertThrows(MalformedTextException.class,
                () -> TextCodec.encode(List.of(new TextParameter("A", "\ud800")), out)).violation());
        assertEquals(Violation.KEY, assertThrows(MalformedTextException.class,
                () -> TextCodec.encode(List.of(new TextParameter("a", "x")), out)).violation());
        assertEquals(Violation.VALUE_LENGTH, assertThrows(MalformedTextException.class,
                () -> TextCodec.encode(List.of(new TextParameter("A", "v".repeat(256))), out)).violation());
        assertEquals(0, out.writerIndex());
    }

    @Test
    void encodeWritesNulTerminatedUtf8Pairs() {
        ByteBuf out = encode(List.of(new TextParameter("TargetAlias", "Zürich"), new TextParameter("A", "")));
        assertEquals("TargetAlias=Z\u00fcrich\0A=\0", out.toString(StandardCharsets.UTF_8));
        assertEquals(12 + 7 + 1 + 2 + 1, out.readableBytes(), "ü is two bytes in UTF-8");
    }

    @Test
    void splittingAnEmptySegmentGivesOneEmptyPiece() {
        ByteBuf empty = Unpooled.buffer(0);
        List<ByteBuf> pieces = TextCodec.split(empty, 10);
        assertEquals(1, pieces.size());
        assertEquals(0, pieces.get(0).readableBytes());
        pieces.get(0).release();
        assertEquals(1, empty.refCnt());
    }

    @Test
    void splittingCutsAtExactBoundaries() {
        ByteBuf segment = text("A=1\0B=22\0");
        List<ByteBuf> pieces = TextCodec.split(segment, 4);
        assertEquals(List.of("A=1\0", "B=22", "\0"),
                pieces.stream().map(p -> p.toString(StandardCharsets.US_ASCII)).toList());
        assertEquals(0, segment.readerIndex());
    }

    @Test
    void assemblerBoundsTheWholeSequenceAndRecovers() {
        TextSegmentAssembler assembler = new TextSegmentAssembler(10);
        assertEquals(Optional.empty(), assembler.append(text("Key=12"), true));
        assertTrue(assembler.assembling());
        MalformedTextException e = assertThrows(MalformedTextException.class,
                () -> assembler.append(text("345\0B=1"), true));
        assertEquals(Violation.SEGMENT_LENGTH, e.violation());
        assertEquals(0, assembler.pendingBytes(), "the partial sequence is dropped");
        assertEquals(Optional.of(List.of(new TextParameter("A", "1"))), assembler.append(text("A=1\0"), false));
    }

    @Test
    void assemblerDoesNotConsumeOrReleaseItsInput() {
        TextSegmentAssembler assembler = new TextSegmentAssembler(100);
        ByteBuf segment = text("A=1\0");
        assembler.append(segment, false);
        assertEquals(4, segment.readableBytes());
        assertEquals(1, segment.refCnt());
        assertEquals("413d3100", ByteBufUtil.hexDump(segment));
    }
}
