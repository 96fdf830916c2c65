package io.jiet.server.session;

/** 32-bit serial number arithmetic (RFC 1982, as RFC 7143 §4.2.2.1 requires for CmdSN and StatSN). */
final class SerialNumber {
    private SerialNumber() {
    }

    /** Negative, zero or positive as {@code a} is before, equal to or after {@code b}. */
    static int compare(int a, int b) {
        return Integer.signum(a - b);
    }

    static boolean inWindow(int value, int first, int last) {
        return compare(value, first) >= 0 && compare(value, last) <= 0;
    }
}
