package io.jiet.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Checks of CHECK CONDITION results against fixed-format sense bytes. */
public final class SenseAssertions {

    private SenseAssertions() {
    }

    /** CHECK CONDITION with fixed sense of the given key/ASC/ASCQ. */
    public static byte[] assertCheckCondition(ScsiResult result, int key, int asc, int ascq) {
        assertEquals(ScsiStatus.CHECK_CONDITION, result.status(), "status");
        byte[] s = result.senseData();
        assertEquals(18, s.length, "fixed-format sense length");
        assertEquals(0x70, s[0] & 0x7F, "response code");
        assertEquals(10, s[7], "additional sense length");
        assertEquals(String.format("%02X/%02X/%02X", key, asc, ascq),
                String.format("%02X/%02X/%02X", s[2] & 0x0F, s[12] & 0xFF, s[13] & 0xFF));
        assertEquals(0, result.dataIn().remaining(), "no data-in with CHECK CONDITION");
        return s;
    }

    /** As {@link #assertCheckCondition}, plus the sense-key-specific field pointer at a CDB byte. */
    public static void assertInvalidFieldInCdb(ScsiResult result, int byteIndex) {
        byte[] s = assertCheckCondition(result, 0x05, 0x24, 0x00);
        assertEquals(0xC0, s[15] & 0xC0, "SKSV and C/D set");
        assertEquals(byteIndex, (s[16] & 0xFF) << 8 | s[17] & 0xFF, "field pointer");
    }

    public static byte[] bytes(ScsiResult result) {
        assertEquals(ScsiStatus.GOOD, result.status(),
                () -> "expected GOOD, sense " + java.util.HexFormat.of().formatHex(result.senseData()));
        byte[] b = new byte[result.dataIn().remaining()];
        result.dataIn().duplicate().get(b);
        return b;
    }

    public static int[] unsigned(byte[] b) {
        int[] u = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            u[i] = b[i] & 0xFF;
        }
        return u;
    }

    public static byte[] cdb(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
