package io.jiet.pdu;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

/**
 * The data segment of a SCSI Response carrying sense data, RFC 7143 §11.4.7: a 2-byte SenseLength, the sense data,
 * and optionally response data after it. A response without sense has no data segment at all.
 */
public final class SenseSegment {

    private static final int SENSE_LENGTH_FIELD = 2;

    private SenseSegment() {
    }

    /** SenseLength + sense data in a new buffer, or an empty buffer when {@code senseData} is empty. */
    public static ByteBuf encode(ByteBufAllocator alloc, byte[] senseData) {
        if (senseData.length == 0) {
            return Unpooled.EMPTY_BUFFER;
        }
        if (senseData.length > 0xffff) {
            throw new IllegalArgumentException("sense data of " + senseData.length + " bytes exceeds 65535");
        }
        ByteBuf segment = alloc.buffer(SENSE_LENGTH_FIELD + senseData.length);
        segment.writeShort(senseData.length);
        segment.writeBytes(senseData);
        return segment;
    }

    /**
     * The sense data of a SCSI Response's data segment (empty when it has none), read without moving the reader
     * index; any response data after the sense is ignored.
     *
     * @throws IllegalArgumentException when SenseLength runs past the segment
     */
    public static byte[] decode(ByteBuf dataSegment) {
        int readable = dataSegment.readableBytes();
        if (readable == 0) {
            return new byte[0];
        }
        if (readable < SENSE_LENGTH_FIELD) {
            throw new IllegalArgumentException("a 1-byte data segment cannot hold SenseLength");
        }
        int at = dataSegment.readerIndex();
        int senseLength = dataSegment.getUnsignedShort(at);
        if (senseLength > readable - SENSE_LENGTH_FIELD) {
            throw new IllegalArgumentException("SenseLength " + senseLength + " exceeds the " + readable
                    + "-byte data segment");
        }
        byte[] sense = new byte[senseLength];
        dataSegment.getBytes(at + SENSE_LENGTH_FIELD, sense);
        return sense;
    }
}
