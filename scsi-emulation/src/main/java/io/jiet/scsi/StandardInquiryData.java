package io.jiet.scsi;

import java.nio.charset.StandardCharsets;

/**
 * Standard INQUIRY data, SPC-4 §6.4.2 table 142: 96 bytes claiming SPC-4 (VERSION 06h), response data format 2,
 * HISUP, CMDQUE, the identity strings and up to eight version descriptors. IET claimed SPC-2 with TRMTSK set;
 * libiscsi's Inquiry test rejects TRMTSK with SPC-2 and later, so only the identity strings follow IET.
 */
public final class StandardInquiryData {

    public static final int LENGTH = 96;

    /** Version descriptors, SPC-4 table 147. */
    public static final int SAM_5 = 0x00A0;
    public static final int SPC_4 = 0x0460;
    public static final int SBC_3 = 0x04C0;
    public static final int ISCSI = 0x0960;

    /** PERIPHERAL QUALIFIER 011b with device type 1Fh: no logical unit can be addressed here (SPC-4 §6.4.2). */
    public static final int NO_LOGICAL_UNIT = 0x7F;
    public static final int DIRECT_ACCESS_BLOCK_DEVICE = 0x00;

    /** Byte 5 bit 3, 3PC: a copy manager (EXTENDED COPY) is reachable through this logical unit. */
    public static final byte THIRD_PARTY_COPY = 0x08;

    private static final int VERSION_SPC_4 = 0x06;
    private static final int HISUP_AND_RESPONSE_DATA_FORMAT_2 = 0x12;
    private static final int CMDQUE = 0x02;

    private StandardInquiryData() {
    }

    public static byte[] encode(int peripheral, String vendor, String product, String revision,
                                int... versionDescriptors) {
        if (versionDescriptors.length > 8) {
            throw new IllegalArgumentException("at most eight version descriptors");
        }
        byte[] b = new byte[LENGTH];
        b[0] = (byte) peripheral;
        b[2] = VERSION_SPC_4;
        b[3] = HISUP_AND_RESPONSE_DATA_FORMAT_2;
        b[4] = LENGTH - 5;
        b[7] = CMDQUE;
        putPadded(b, 8, 8, vendor);
        putPadded(b, 16, 16, product);
        putPadded(b, 32, 4, revision);
        for (int i = 0; i < versionDescriptors.length; i++) {
            b[58 + 2 * i] = (byte) (versionDescriptors[i] >>> 8);
            b[59 + 2 * i] = (byte) versionDescriptors[i];
        }
        return b;
    }

    /** Left-aligned ASCII, space-padded (SPC-4 §4.4.1). */
    private static void putPadded(byte[] b, int at, int width, String text) {
        byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
        if (ascii.length > width) {
            throw new IllegalArgumentException("'" + text + "' is longer than " + width + " bytes");
        }
        for (int i = 0; i < width; i++) {
            b[at + i] = i < ascii.length ? ascii[i] : (byte) ' ';
        }
    }
}
