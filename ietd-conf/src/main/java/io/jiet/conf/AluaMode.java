package io.jiet.conf;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A target's {@code Alua} line: which asymmetric access modes its logical units announce in the standard INQUIRY
 * TPGS field (SPC-4 §6.6.2: 0 none, 1 implicit only, 2 explicit only (SET TARGET PORT GROUPS), 3 both).
 * {@link #OFF} is IET's behaviour and the default.
 */
public enum AluaMode {
    OFF("off", 0),
    IMPLICIT("implicit", 1),
    EXPLICIT("explicit", 2),
    BOTH("both", 3);

    private final String keyword;
    private final int tpgs;

    AluaMode(String keyword, int tpgs) {
        this.keyword = keyword;
        this.tpgs = tpgs;
    }

    /** The value as written in ietd.conf, e.g. {@code both}. */
    public String keyword() {
        return keyword;
    }

    /** The INQUIRY TPGS field value. */
    public int tpgs() {
        return tpgs;
    }

    /** True when the target may change group states itself (TPGS bit 0). */
    public boolean implicitTransitions() {
        return (tpgs & 1) != 0;
    }

    /** True when SET TARGET PORT GROUPS is accepted (TPGS bit 1). */
    public boolean explicitTransitions() {
        return (tpgs & 2) != 0;
    }

    /** Case-insensitive lookup of {@code off}, {@code implicit}, {@code explicit} or {@code both}. */
    public static Optional<AluaMode> forKeyword(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(m -> m.keyword.equals(lower)).findFirst();
    }

    static String allowedValues() {
        return Arrays.stream(values()).map(AluaMode::keyword).collect(Collectors.joining(", "));
    }
}
