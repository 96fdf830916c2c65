package io.jiet.conf;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The asymmetric access states a target port group may be configured in, with their SPC-4 codes (REPORT TARGET
 * PORT GROUPS descriptor byte 0, SPC-4 §6.37 table 167). LBA-dependent (0x4) is not offered: jiet's logical units
 * have no LBA-dependent mapping.
 */
public enum AsymmetricAccessState {
    ACTIVE_OPTIMIZED("active-optimized", 0x0),
    ACTIVE_NONOPTIMIZED("active-nonoptimized", 0x1),
    STANDBY("standby", 0x2),
    UNAVAILABLE("unavailable", 0x3),
    OFFLINE("offline", 0xE),
    TRANSITIONING("transitioning", 0xF);

    private final String keyword;
    private final int code;

    AsymmetricAccessState(String keyword, int code) {
        this.keyword = keyword;
        this.code = code;
    }

    /** The value as written in ietd.conf and jietadm, e.g. {@code active-optimized}. */
    public String keyword() {
        return keyword;
    }

    /** The 4-bit ASYMMETRIC ACCESS STATE code of SPC-4. */
    public int code() {
        return code;
    }

    /** Case-insensitive lookup by {@link #keyword()}. */
    public static Optional<AsymmetricAccessState> forKeyword(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.keyword.equals(lower)).findFirst();
    }

    static String allowedValues() {
        return Arrays.stream(values()).map(AsymmetricAccessState::keyword).collect(Collectors.joining(", "));
    }
}
