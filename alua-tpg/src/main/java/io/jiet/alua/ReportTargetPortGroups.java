package io.jiet.alua;

import java.io.ByteArrayOutputStream;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * REPORT TARGET PORT GROUPS parameter data (MAINTENANCE IN, service action 0Ah; SPC-4 §6.37 in spc4r36 numbering,
 * which Linux LIO's target_core_alua.h cites). Stateless.
 *
 * <p>Header: RETURN DATA LENGTH (bytes 0-3) counts every byte after itself, n - 3, in both formats — for the
 * extended header that includes bytes 4-7: byte 4 bits 6-4 FORMAT TYPE 001b, byte 5 IMPLICIT TRANSITION TIME in
 * seconds. Linux scsi_dh_alua (alua_rtpg) and sg3_utils' sg_rtpg both read the total length as that field + 4.
 * Then one descriptor per group (table "Target port group descriptor format"): byte 0 PREF bit 7 and ASYMMETRIC
 * ACCESS STATE bits 3-0; byte 1 support bits; bytes 2-3 TARGET PORT GROUP; byte 4 reserved; byte 5 STATUS CODE;
 * byte 6 vendor specific; byte 7 TARGET PORT COUNT; then per port two obsolete bytes and the 2-byte RELATIVE TARGET
 * PORT IDENTIFIER.
 */
public final class ReportTargetPortGroups {

    public static final int OPERATION_CODE = 0xA3;
    public static final int SERVICE_ACTION = 0x0A;

    /** PARAMETER DATA FORMAT, CDB byte 1 bits 7-5. */
    public enum Format {
        LENGTH_ONLY(0b000),
        EXTENDED(0b001);

        private final int code;

        Format(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        /** Empty for a reserved format: terminate with INVALID FIELD IN CDB. */
        public static Optional<Format> fromCdb(byte[] cdb) {
            int code = (cdb[1] >> 5) & 0x07;
            for (Format f : values()) {
                if (f.code == code) {
                    return Optional.of(f);
                }
            }
            return Optional.empty();
        }
    }

    private ReportTargetPortGroups() {
    }

    /** ALLOCATION LENGTH, CDB bytes 6-9; the caller returns at most this many bytes. */
    public static long allocationLength(byte[] cdb) {
        return ((cdb[6] & 0xFFL) << 24) | ((cdb[7] & 0xFF) << 16) | ((cdb[8] & 0xFF) << 8) | (cdb[9] & 0xFF);
    }

    /**
     * The complete parameter data, groups in ascending id order.
     *
     * @param implicitTransitionSeconds 0..255, only used by the extended format
     */
    public static byte[] encode(List<TargetPortGroup> groups, SupportedStates supported, Format format,
                                int implicitTransitionSeconds) {
        if (implicitTransitionSeconds < 0 || implicitTransitionSeconds > 0xFF) {
            throw new IllegalArgumentException("implicit transition time " + implicitTransitionSeconds);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[4]);
        if (format == Format.EXTENDED) {
            out.write(0x10);
            out.write(implicitTransitionSeconds);
            out.write(0);
            out.write(0);
        }
        for (TargetPortGroup g : groups.stream().sorted(Comparator.comparingInt(TargetPortGroup::id)).toList()) {
            out.write((g.preferred() ? 0x80 : 0) | g.state().code());
            out.write(supported.descriptorByte());
            out.write(g.id() >> 8);
            out.write(g.id());
            out.write(0);
            out.write(g.status().code());
            out.write(0);
            out.write(g.relativeTargetPortIds().size());
            for (int port : g.relativeTargetPortIds()) {
                out.write(0);
                out.write(0);
                out.write(port >> 8);
                out.write(port);
            }
        }
        byte[] data = out.toByteArray();
        int returnDataLength = data.length - 4;
        data[0] = (byte) (returnDataLength >>> 24);
        data[1] = (byte) (returnDataLength >>> 16);
        data[2] = (byte) (returnDataLength >>> 8);
        data[3] = (byte) returnDataLength;
        return data;
    }
}
