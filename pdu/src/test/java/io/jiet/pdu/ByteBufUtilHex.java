package io.jiet.pdu;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/** Hex of a buffer's readable bytes, so assertion failures show the bytes. */
final class ByteBufUtilHex {
    private ByteBufUtilHex() {
    }

    static String of(ByteBuf buf) {
        return ByteBufUtil.hexDump(buf);
    }
}
