package io.jiet.pdu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The SCSI Response data segment, RFC 7143 §11.4.7. */
class SenseSegmentTest {

    @Property
    void decodeOfEncodeIsTheSenseData(@ForAll @Size(min = 1, max = 252) byte[] sense) {
        ByteBuf segment = SenseSegment.encode(ByteBufAllocator.DEFAULT, sense);
        assertEquals(2 + sense.length, segment.readableBytes());
        assertEquals(sense.length, segment.getUnsignedShort(0), "SenseLength, big-endian");
        assertArrayEquals(sense, SenseSegment.decode(segment));
        segment.release();
    }

    @Test
    void noSenseMeansNoDataSegment() {
        assertSame(Unpooled.EMPTY_BUFFER, SenseSegment.encode(ByteBufAllocator.DEFAULT, new byte[0]));
        assertArrayEquals(new byte[0], SenseSegment.decode(Unpooled.EMPTY_BUFFER));
    }

    @Test
    void responseDataAfterTheSenseIsIgnored() {
        ByteBuf segment = Unpooled.wrappedBuffer(new byte[] {0, 3, 0x70, 0, 5, 9, 9});
        assertArrayEquals(new byte[] {0x70, 0, 5}, SenseSegment.decode(segment));
        assertEquals("000370000509" + "09", ByteBufUtil.hexDump(segment), "the reader index does not move");
    }

    @Test
    void senseLengthPastTheSegmentIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> SenseSegment.decode(Unpooled.wrappedBuffer(new byte[] {0, 4, 0x70, 0})));
        assertThrows(IllegalArgumentException.class, () -> SenseSegment.decode(Unpooled.wrappedBuffer(new byte[1])));
    }
}
