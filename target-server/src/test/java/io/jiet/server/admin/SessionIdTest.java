package io.jiet.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class SessionIdTest {

    /** IET's union iscsi_sid: 6 ISID bytes as on the wire, then a host-endian u16 TSIH, read as a u64 on x86. */
    private static long ietUnion(long isid, int tsih) {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        for (int shift = 40; shift >= 0; shift -= 8) {
            b.put((byte) (isid >>> shift));
        }
        b.putShort((short) tsih);
        return b.getLong(0);
    }

    @Property
    void isTheLittleEndianUnionOfIsidAndTsih(@ForAll @LongRange(min = 0, max = 0xFFFF_FFFF_FFFFL) long isid,
                                             @ForAll @IntRange(min = 1, max = 0xFFFF) int tsih) {
        long sid = SessionId.of(isid, tsih);
        assertEquals(ietUnion(isid, tsih), sid);
        assertEquals(sid, SessionId.parse(SessionId.text(sid)));
        assertEquals(String.format("0x%012x", isid), JsonFormat.isidHex(sid));
        assertEquals(tsih, (int) (sid >>> 48));
    }

    @Test
    void referenceExampleHasTsihOneInTheTopBits() {
        // iet-reference.md's sid:281474997486080 is 0x0001_0000_013d_0200: TSIH 1 and open-iscsi's ISID
        // 00:02:3d:01:00:00 (OUI format, session 1), first byte lowest.
        assertEquals(281474997486080L, SessionId.of(0x00023d010000L, 1));
        assertEquals(0x0001_0100_003d_0200L, SessionId.of(0x00023d000001L, 1));
    }

    @Test
    void largeSidsPrintUnsignedAndParseBack() {
        long sid = SessionId.of(0x80123456789aL, 0x8001);
        String text = SessionId.text(sid);
        assertEquals(Long.toUnsignedString(sid), text);
        assertEquals(false, text.startsWith("-"));
        assertEquals(sid, SessionId.parse(text));
        assertEquals(sid, SessionId.parse("0x" + Long.toHexString(sid)));
        assertThrows(IllegalArgumentException.class, () -> SessionId.parse("-1"));
        assertThrows(IllegalArgumentException.class, () -> SessionId.parse("12abc"));
    }
}
