package io.jiet.alua;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The target port asymmetric access states jiet gives a target port group, with the ASYMMETRIC ACCESS STATE codes of
 * SPC-4 §6.37 (spc4r36 numbering; REPORT TARGET PORT GROUPS, table "ASYMMETRIC ACCESS STATE field") and the names used in ietd.conf
 * ({@code State=active-optimized}). LBA dependent (4h) is not offered: jiet has no per-LBA access map.
 */
public enum AluaState {
    ACTIVE_OPTIMIZED(0x0, "active-optimized"),
    ACTIVE_NONOPTIMIZED(0x1, "active-nonoptimized"),
    STANDBY(0x2, "standby"),
    UNAVAILABLE(0x3, "unavailable"),
    OFFLINE(0xE, "offline"),
    TRANSITIONING(0xF, "transitioning");

    /** SPC-4 code of the LBA dependent state; recognised in SET TARGET PORT GROUPS only to refuse it. */
    public static final int LBA_DEPENDENT_CODE = 0x4;

    private final int code;
    private final String configName;

    AluaState(int code, String configName) {
        this.code = code;
        this.configName = configName;
    }

    /** The 4-bit ASYMMETRIC ACCESS STATE code. */
    public int code() {
        return code;
    }

    /** The ietd.conf spelling. */
    public String configName() {
        return configName;
    }

    /** Active/optimized and active/non-optimized serve every command (SPC-4 "Target port asymmetric access states"). */
    public boolean isActive() {
        return this == ACTIVE_OPTIMIZED || this == ACTIVE_NONOPTIMIZED;
    }

    public static Optional<AluaState> fromCode(int code) {
        return Arrays.stream(values()).filter(s -> s.code == code).findFirst();
    }

    /** Case-insensitive; accepts the config names only. */
    public static Optional<AluaState> fromConfigName(String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.configName.equals(wanted)).findFirst();
    }

    @Override
    public String toString() {
        return configName;
    }
}
