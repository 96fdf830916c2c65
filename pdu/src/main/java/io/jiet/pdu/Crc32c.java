package io.jiet.pdu;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The iSCSI digest, CRC32C (RFC 7143 §13.1, generator 0x11edc6f41), as java.util.zip.CRC32C computes it.
 *
 * <p>Byte order on the wire: the 32-bit CRC is sent least significant byte first. RFC 7143 Appendix B.4 gives the
 * digest of 32 zero bytes as the bytes {@code aa 36 91 8a}, i.e. the value 0x8a9136aa written little-endian, and
 * libiscsi's {@code iscsi_pdu_update_headerdigest} (lib/socket.c) stores {@code crc}, {@code crc >> 8}, … in that
 * order; Linux's crc32c crypto driver does the same with {@code put_unaligned_le32}. Hence {@code writeIntLE}.
 */
final class Crc32c {

    private static final byte[] ZERO_PAD = new byte[3];

    private Crc32c() {
    }

    /** CRC32C of {@code length} bytes of {@code buf} from {@code index}, without copying. */
    static int of(ByteBuf buf, int index, int length) {
        CRC32C crc = new CRC32C();
        update(crc, buf, index, length);
        return (int) crc.getValue();
    }

    /** CRC32C of a data segment followed by its zero padding: padding is covered by the data digest (§13.1). */
    static int ofPadded(ByteBuf buf, int index, int length) {
        CRC32C crc = new CRC32C();
        update(crc, buf, index, length);
        crc.update(ZERO_PAD, 0, PduCodec.padding(length));
        return (int) crc.getValue();
    }

    private static void update(CRC32C crc, ByteBuf buf, int index, int length) {
        if (length == 0) {
            return;
        }
        if (buf.hasArray()) {
            crc.update(buf.array(), buf.arrayOffset() + index, length);
        } else {
            for (ByteBuffer nio : buf.nioBuffers(index, length)) {
                crc.update(nio);
            }
        }
    }
}
