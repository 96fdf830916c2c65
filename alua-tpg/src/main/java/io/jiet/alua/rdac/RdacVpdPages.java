package io.jiet.alua.rdac;

import java.nio.charset.StandardCharsets;

/**
 * The four vendor VPD pages of an LSI/Engenio RDAC array, laid out as the host software that reads them expects
 * (byte offsets from Linux drivers/scsi/device_handler/scsi_dh_rdac.c structs c2/c4/c8/c9_inquiry and
 * multipath-tools libmultipath/prioritizers/rdac.c, checkers/rdac.c). Byte 0 is the peripheral byte (00h: direct
 * access block device), byte 1 the page code, bytes 2-3 the page length, bytes 4-7 the page signature. The LU must
 * also list these page codes in VPD page 00h: Linux scsi_get_vpd_page asks only for listed pages. Stateless.
 */
public final class RdacVpdPages {

    public static final int SOFTWARE_VERSION = 0xC2;
    public static final int SUBSYSTEM_IDENTIFIER = 0xC4;
    public static final int EXTENDED_DEVICE_IDENTIFICATION = 0xC8;
    public static final int VOLUME_ACCESS_CONTROL = 0xC9;
    /** The codes to add to the Supported VPD Pages page, ascending. */
    public static final int[] PAGE_CODES = {SOFTWARE_VERSION, SUBSYSTEM_IDENTIFIER, EXTENDED_DEVICE_IDENTIFICATION,
        VOLUME_ACCESS_CONTROL};

    /** c9_inquiry byte 8 (avte_cvp): bit 0 CVP, bit 4 TPGDE, bit 5 IOSHIP, bit 7 AVT. */
    static final int CVP_OWNED = 0x01;
    static final int TPG_DATA_PRESENT = 0x10;
    static final int IO_SHIPPING = 0x20;
    /** c9_inquiry byte 9 (path_prio) low nibble, as the rdac prioritizer reads it. */
    static final int PREFERRED_PATH = 0x1;
    static final int SECONDARY_PATH = 0x2;

    private RdacVpdPages() {
    }

    /**
     * 0xC2 "swr4" (16 bytes): bytes 8-10 software version, 11-13 software date, 14 features enabled, 15 MAX LUNS
     * SUPPORTED — the only byte Linux reads: 32 or more selects MODE SELECT(10) for ownership transfers.
     */
    public static byte[] softwareVersion(RdacArray array) {
        byte[] p = header(SOFTWARE_VERSION, 16, "swr4");
        p[8] = 1;
        p[15] = (byte) array.maxLunsSupported();
        return p;
    }

    /**
     * 0xC4 "subs" (32 bytes): bytes 8-23 subsystem id, 24-27 revision, 28-29 controller slot id. Linux takes slot
     * byte 29 = '1' (31h) as controller 0 and anything else as controller 1.
     *
     * @param controllerIndex 0 or 1
     */
    public static byte[] subsystemIdentifier(RdacArray array, int controllerIndex) {
        if (controllerIndex != 0 && controllerIndex != 1) {
            throw new IllegalArgumentException("RDAC has controllers 0 and 1, not " + controllerIndex);
        }
        byte[] p = header(SUBSYSTEM_IDENTIFIER, 32, "subs");
        padded(array.subsystemId(), p, 8, 16);
        padded(array.revision(), p, 24, 4);
        p[28] = '0';
        p[29] = (byte) (controllerIndex == 0 ? '1' : '2');
        return p;
    }

    /**
     * 0xC8 "edid" (175 bytes): byte 11 volume unique id length, 12-27 volume unique id, 28 volume label length,
     * 29-88 volume label, 89 array unique id length, 90-105 array unique id, 106 array label length, 107-166 array
     * label, 167-174 LUN. Labels are UTF-16BE (Linux reads the array label's odd bytes); Linux takes the LUN from
     * byte 174 and the array id from bytes 90-105.
     */
    public static byte[] extendedDeviceIdentification(RdacArray array, RdacVolume volume) {
        byte[] p = header(EXTENDED_DEVICE_IDENTIFICATION, 175, "edid");
        p[11] = RdacArray.UNIQUE_ID_LENGTH;
        System.arraycopy(volume.uniqueId(), 0, p, 12, RdacArray.UNIQUE_ID_LENGTH);
        p[28] = (byte) utf16(volume.label(), p, 29);
        p[89] = RdacArray.UNIQUE_ID_LENGTH;
        System.arraycopy(array.arrayUniqueId(), 0, p, 90, RdacArray.UNIQUE_ID_LENGTH);
        p[106] = (byte) utf16(array.arrayLabel(), p, 107);
        p[174] = (byte) volume.lun();
        return p;
    }

    /**
     * 0xC9 "vac1" (48 bytes, page length 2Ch, which multipath-tools' rdac prioritizer checks): byte 8 avte_cvp,
     * byte 9 low nibble 1 preferred / 2 secondary path, bytes 10-13 this controller's asymmetric access state, a
     * vendor byte, the alternate controller's state and its vendor byte. The checker reports the path down when
     * byte 10 says unavailable (3h), or transitioning (Fh) while the alternate is not; up when it owns the volume or
     * I/O shipping is on; otherwise ghost.
     */
    public static byte[] volumeAccessControl(VolumeAccess access) {
        byte[] p = header(VOLUME_ACCESS_CONTROL, 48, "vac1");
        p[8] = (byte) (TPG_DATA_PRESENT | (access.ownedByThisController() ? CVP_OWNED : 0)
                | (access.ioShipping() ? IO_SHIPPING : 0));
        p[9] = (byte) (access.preferredPath() ? PREFERRED_PATH : SECONDARY_PATH);
        p[10] = (byte) access.thisController().code();
        p[12] = (byte) access.alternateController().code();
        return p;
    }

    private static byte[] header(int pageCode, int totalLength, String signature) {
        byte[] p = new byte[totalLength];
        p[1] = (byte) pageCode;
        p[2] = (byte) ((totalLength - 4) >> 8);
        p[3] = (byte) (totalLength - 4);
        System.arraycopy(signature.getBytes(StandardCharsets.US_ASCII), 0, p, 4, 4);
        return p;
    }

    private static void padded(String text, byte[] page, int at, int width) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < width; i++) {
            page[at + i] = i < b.length ? b[i] : (byte) ' ';
        }
    }

    /** Writes the label as UTF-16BE into its 60-byte field; returns the bytes used. */
    private static int utf16(String label, byte[] page, int at) {
        byte[] b = label.getBytes(StandardCharsets.UTF_16BE);
        System.arraycopy(b, 0, page, at, Math.min(60, b.length));
        return Math.min(60, b.length);
    }
}
