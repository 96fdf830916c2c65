package io.jiet.server.admin;

import io.jiet.server.session.Session;

/**
 * IET's 64-bit session id, the {@code sid:} of {@code /proc/net/iet/session} and ietadm's {@code --sid}. IET kept
 * it as a union of the login's 6 ISID bytes (in wire order) and a host-endian 16-bit TSIH, read as one u64 on a
 * little-endian host (usr/iscsid.c login_start copies the ISID, session_create sets {@code sid.id.tsih}): the first
 * ISID byte is the least significant byte and the TSIH fills bits 48..63. Printed unsigned, in decimal.
 */
public final class SessionId {
    private SessionId() {
    }

    /** The sid of a session with 48-bit {@code isid} (RFC 7143 §11.12.5 byte order) and {@code tsih}. */
    public static long of(long isid, int tsih) {
        long isidBytesFirstLowest = Long.reverseBytes(isid << 16);
        return isidBytesFirstLowest | ((long) (tsih & 0xFFFF) << 48);
    }

    public static long of(Session session) {
        return of(session.key().isid(), session.tsih());
    }

    public static String text(long sid) {
        return Long.toUnsignedString(sid);
    }

    /** Reads a sid as ietadm did ({@code strtoull(.., 10)}), also accepting {@code 0x} hex. */
    public static long parse(String text) {
        String t = text.strip();
        try {
            if (t.startsWith("0x") || t.startsWith("0X")) {
                return Long.parseUnsignedLong(t.substring(2), 16);
            }
            return Long.parseUnsignedLong(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--sid needs a session id as listed by --op show --sessions, not "
                    + text);
        }
    }
}
