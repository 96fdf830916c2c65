package io.jiet.server.session;

import io.jiet.pdu.Pdu;
import io.jiet.pdu.PduCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** The 48-byte Basic Header Segment of a PDU, as a Reject's data segment carries it (RFC 7143 §11.17). */
final class RejectedHeader {
    private static final int BHS_LENGTH = 48;

    private RejectedHeader() {
    }

    static byte[] of(Pdu pdu) {
        ByteBuf buf = Unpooled.buffer(BHS_LENGTH + 1024);
        try {
            PduCodec.encodeHeader(pdu, buf);
            byte[] header = new byte[BHS_LENGTH];
            buf.getBytes(0, header);
            return header;
        } finally {
            buf.release();
        }
    }
}
