package io.jiet.pdu;

import io.jiet.pdu.MalformedTextException.Violation;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Joins the data segments of a Login or Text PDU sequence sent with the C bit into one logical text data segment
 * (RFC 7143 §6.1) and parses it once the PDU without the C bit arrives. The total is bounded: RFC 7143 §6.1 asks
 * receivers to accept at least 8192 bytes of key=value data, and at least 64 KiB when an authentication method with
 * long items is in use.
 *
 * <p>Threading: mutable; confined to the connection's event loop.
 */
public final class TextSegmentAssembler {

    private final int maxTotalBytes;
    private byte[] pending = new byte[0];
    private int length;
    private boolean assembling;

    public TextSegmentAssembler(int maxTotalBytes) {
        if (maxTotalBytes < 0) {
            throw new IllegalArgumentException("maxTotalBytes " + maxTotalBytes + " < 0");
        }
        this.maxTotalBytes = maxTotalBytes;
    }

    /**
     * Adds one PDU's data segment (copied; the buffer is neither consumed nor released).
     *
     * @param continueFlag the PDU's C bit
     * @return empty while more segments are expected; the parameters of the whole sequence after the last one, the
     *         assembler then being ready for a new sequence
     * @throws MalformedTextException when the sequence exceeds the bound or its text is malformed; the partial
     *                                sequence is dropped
     */
    public Optional<List<TextParameter>> append(ByteBuf dataSegment, boolean continueFlag) {
        int added = dataSegment.readableBytes();
        if (added > maxTotalBytes - length) {
            int total = length + added;
            reset();
            throw new MalformedTextException(Violation.SEGMENT_LENGTH, "text of " + total + " bytes exceeds the "
                    + maxTotalBytes + "-byte bound");
        }
        if (length + added > pending.length) {
            pending = Arrays.copyOf(pending, Math.min(maxTotalBytes, Math.max(length + added, pending.length * 2)));
        }
        dataSegment.getBytes(dataSegment.readerIndex(), pending, length, added);
        length += added;
        assembling = continueFlag;
        if (continueFlag) {
            return Optional.empty();
        }
        try {
            return Optional.of(TextCodec.decode(Unpooled.wrappedBuffer(pending, 0, length)));
        } finally {
            reset();
        }
    }

    /** Whether a C-bit sequence has begun and not yet ended. */
    public boolean assembling() {
        return assembling;
    }

    /** Bytes received so far in the current sequence. */
    public int pendingBytes() {
        return length;
    }

    /** Drops any partial sequence. */
    public void reset() {
        pending = new byte[0];
        length = 0;
        assembling = false;
    }
}
