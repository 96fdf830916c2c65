package io.jiet.server.login;

import java.util.Base64;
import java.util.HexFormat;

/** Binary CHAP values as text: "0x" + hex or "0b" + base64 (RFC 7143 §6.1, binary-value). */
final class ChapValue {
    private ChapValue() {
    }

    static byte[] decode(String value) {
        if (value.length() > 2 && (value.startsWith("0x") || value.startsWith("0X"))) {
            String hex = value.substring(2);
            if (hex.length() % 2 != 0) {
                hex = "0" + hex; // RFC 7143 §6.1: leading zero digits may be omitted
            }
            return HexFormat.of().parseHex(hex);
        }
        if (value.length() > 2 && (value.startsWith("0b") || value.startsWith("0B"))) {
            return Base64.getDecoder().decode(value.substring(2));
        }
        throw new IllegalArgumentException("not a binary value: " + value);
    }

    /** Hex, which every initiator reads (libiscsi 1.19 reads nothing else). */
    static String encode(byte[] bytes) {
        return "0x" + HexFormat.of().formatHex(bytes);
    }
}
