package io.jiet.conf;

import java.util.Locale;
import java.util.Optional;

/**
 * Yes/no values of jiet's own keys (Preferred, Rdac, Thin). Unlike IET's operational keys, whose {@code Yes}/
 * {@code No} were compared case-sensitively, these accept any case.
 */
final class YesNo {
    private YesNo() {
    }

    static Optional<Boolean> parse(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "yes" -> Optional.of(true);
            case "no" -> Optional.of(false);
            default -> Optional.empty();
        };
    }
}
