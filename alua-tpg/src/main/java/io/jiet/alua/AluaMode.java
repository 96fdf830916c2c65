package io.jiet.alua;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code Alua} target setting and the standard INQUIRY TPGS field it produces (SPC-4 §6.6.2, byte 5 bits 5-4):
 * 0 no asymmetric access, 1 implicit only, 2 explicit only (SET TARGET PORT GROUPS), 3 both.
 */
public enum AluaMode {
    OFF(0, "off"),
    IMPLICIT(1, "implicit"),
    EXPLICIT(2, "explicit"),
    BOTH(3, "both");

    private final int tpgs;
    private final String configName;

    AluaMode(int tpgs, String configName) {
        this.tpgs = tpgs;
        this.configName = configName;
    }

    /** The 2-bit TPGS value. */
    public int tpgs() {
        return tpgs;
    }

    /** TPGS already shifted into place, to OR into standard INQUIRY byte 5. */
    public int inquiryByte5Bits() {
        return tpgs << 4;
    }

    /** Whether the device server changes states by itself (and so may report status code 2). */
    public boolean implicitTransitions() {
        return (tpgs & 1) != 0;
    }

    /** Whether SET TARGET PORT GROUPS is served. */
    public boolean explicitTransitions() {
        return (tpgs & 2) != 0;
    }

    public String configName() {
        return configName;
    }

    public static Optional<AluaMode> fromConfigName(String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(m -> m.configName.equals(wanted)).findFirst();
    }

    @Override
    public String toString() {
        return configName;
    }
}
