package io.jiet.alua;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The designation descriptors of the Device Identification VPD page (83h) that name the target port a command came
 * through (SPC-4 §7.8.6, "Device Identification VPD page"): association 01b (target port), PIV 1 with protocol
 * identifier 5h (iSCSI). They go after IET's logical-unit designator, never instead of it: hosts pair paths by the
 * logical-unit designators, and Linux scsi_dh_alua (scsi_vpd_tpg_id) needs the relative target port (type 4h) and
 * target port group (type 5h) designators before it attaches. Stateless.
 *
 * <p>Descriptor header: byte 0 PROTOCOL IDENTIFIER bits 7-4, CODE SET bits 3-0; byte 1 PIV bit 7, ASSOCIATION bits
 * 5-4, DESIGNATOR TYPE bits 3-0; byte 2 reserved; byte 3 DESIGNATOR LENGTH.
 */
public final class TargetPortDesignators {

    static final int PROTOCOL_ISCSI = 0x5;
    static final int CODE_SET_BINARY = 0x1;
    static final int CODE_SET_UTF8 = 0x3;
    static final int PIV_TARGET_PORT = 0x80 | 0x10;
    static final int TYPE_RELATIVE_TARGET_PORT = 0x4;
    static final int TYPE_TARGET_PORT_GROUP = 0x5;
    static final int TYPE_SCSI_NAME_STRING = 0x8;

    private TargetPortDesignators() {
    }

    /** Type 4h: two obsolete bytes, then the RELATIVE TARGET PORT IDENTIFIER (SPC-4 §7.8.6.7). */
    public static byte[] relativeTargetPort(int relativeTargetPortId) {
        return fourByte(TYPE_RELATIVE_TARGET_PORT, relativeTargetPortId);
    }

    /** Type 5h: two reserved bytes, then the TARGET PORT GROUP (SPC-4 §7.8.6.8). */
    public static byte[] targetPortGroup(int targetPortGroup) {
        return fourByte(TYPE_TARGET_PORT_GROUP, targetPortGroup);
    }

    /**
     * Type 8h, UTF-8: the iSCSI target port name {@code <target name>,t,0x<TPGT as 4 hex digits>} (RFC 7143
     * §4.2.7.1 port names; the form LIO uses), NUL-terminated and NUL-padded to a multiple of 4 bytes as SPC-4
     * §7.8.6.11 requires.
     */
    public static byte[] scsiNameString(String targetName, int portalGroupTag) {
        String name = targetName + ",t,0x" + String.format("%04x", portalGroupTag);
        byte[] text = name.getBytes(StandardCharsets.UTF_8);
        int length = (text.length + 1 + 3) & ~3;
        if (length > 0xFF) {
            throw new IllegalArgumentException("target port name too long for a designator: " + name);
        }
        byte[] d = new byte[4 + length];
        d[0] = (byte) ((PROTOCOL_ISCSI << 4) | CODE_SET_UTF8);
        d[1] = (byte) (PIV_TARGET_PORT | TYPE_SCSI_NAME_STRING);
        d[3] = (byte) length;
        System.arraycopy(text, 0, d, 4, text.length);
        return d;
    }

    /** All three, in the order they follow the logical-unit designator. */
    public static byte[] forTargetPort(String targetName, int portalGroupTag, int relativeTargetPortId,
                                       int targetPortGroup) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(relativeTargetPort(relativeTargetPortId));
        out.writeBytes(targetPortGroup(targetPortGroup));
        out.writeBytes(scsiNameString(targetName, portalGroupTag));
        return out.toByteArray();
    }

    private static byte[] fourByte(int type, int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException("designator value " + value + " is outside 0..65535");
        }
        return new byte[] {
            (byte) ((PROTOCOL_ISCSI << 4) | CODE_SET_BINARY), (byte) (PIV_TARGET_PORT | type), 0, 4,
            0, 0, (byte) (value >> 8), (byte) value
        };
    }
}
