package io.jiet.conf;

import java.math.BigInteger;

/**
 * Numbers as IET's ietd read them: {@code strtol(value, NULL, 0)}, so {@code 0x2000} is hexadecimal and a leading
 * zero means octal ({@code 010} is 8). Unlike strtol, trailing junk ({@code 8192k}) is refused instead of dropped.
 */
final class ConfigNumber {
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);

    private ConfigNumber() {
    }

    /** The value, saturated to the long range so that huge inputs still read as out of range. */
    static long parse(String text) throws InvalidValue {
        String digits = text;
        boolean negative = false;
        if (digits.startsWith("-")) {
            negative = true;
            digits = digits.substring(1);
        }
        int radix = 10;
        if (digits.length() > 2 && (digits.startsWith("0x") || digits.startsWith("0X"))) {
            radix = 16;
            digits = digits.substring(2);
        } else if (isOctal(digits)) {
            radix = 8;
            digits = digits.substring(1);
        }
        if (digits.isEmpty() || !digits.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 128)) {
            throw new InvalidValue("is not a number");
        }
        BigInteger value;
        try {
            value = new BigInteger(digits, radix);
        } catch (NumberFormatException e) {
            throw new InvalidValue("is not a number");
        }
        if (negative) {
            value = value.negate();
        }
        return value.max(LONG_MIN).min(LONG_MAX).longValue();
    }

    /** For messages about values already accepted: the value, or 0 if it is not a number. */
    static long parseOrZero(String text) {
        try {
            return parse(text);
        } catch (InvalidValue e) {
            return 0;
        }
    }

    /** True when IET would have read {@code text} as octal, which an admin rarely means. */
    static boolean isOctal(String text) {
        return text.length() > 1 && text.charAt(0) == '0' && text.chars().allMatch(c -> c >= '0' && c <= '7');
    }
}
