package io.jiet.interop.initiator;

import java.util.HexFormat;

/**
 * Single-level LUNs in the 8-byte LUN structure (SAM-5 §4.7): peripheral device addressing (method 00b) for LUNs
 * below 256, flat space addressing (method 01b) up to 16383, remaining bytes zero.
 */
public final class Lun {
    public static final int MAX_FLAT = 0x3fff;

    private Lun() {
    }

    public static byte[] encode(int lun) {
        if (lun < 0 || lun > MAX_FLAT) {
            throw new IllegalArgumentException("LUN out of single-level range: " + lun);
        }
        byte[] field = new byte[8];
        if (lun < 256) {
            field[1] = (byte) lun;
        } else {
            field[0] = (byte) (0x40 | (lun >>> 8));
            field[1] = (byte) lun;
        }
        return field;
    }

    /** The LUN number of an 8-byte entry (e.g. of REPORT LUNS parameter data) in either addressing method. */
    public static int decode(byte[] field, int offset) {
        int method = (field[offset] & 0xc0) >>> 6;
        for (int i = 2; i < 8; i++) {
            if (field[offset + i] != 0) {
                throw new TargetProtocolError("not a single-level LUN: " + hex(field, offset));
            }
        }
        return switch (method) {
            case 0 -> {
                if ((field[offset] & 0x3f) != 0) {
                    throw new TargetProtocolError("peripheral LUN with a bus identifier: " + hex(field, offset));
                }
                yield field[offset + 1] & 0xff;
            }
            case 1 -> ((field[offset] & 0x3f) << 8) | (field[offset + 1] & 0xff);
            default -> throw new TargetProtocolError("unexpected LUN addressing method " + method + ": " + hex(field, offset));
        };
    }

    private static String hex(byte[] field, int offset) {
        return HexFormat.ofDelimiter(" ").formatHex(field, offset, offset + 8);
    }
}
