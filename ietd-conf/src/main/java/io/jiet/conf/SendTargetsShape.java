package io.jiet.conf;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How SendTargets presents a target reached through several portals (seed deployment 2). {@link #ALL_PORTALS},
 * the default and IET's shape, answers the target's one name with every portal it is reachable on; hosts open
 * one session per portal to the same IQN. {@link #PER_PORTAL} answers one target name per portal, as arrays such
 * as DataCore or StarWind do, for hosts configured with a wildcard target and a list of portals.
 *
 * <p>Per-portal names are derived, so they stay the same across restarts and reorderings of the file:
 * {@code NAME.HOST-PORT}, e.g. {@code iqn.2026-11.io.jiet:array.10.0.1.5-3260}; an IPv6 host keeps its colons,
 * which RFC 3722 allows in iSCSI names ({@code iqn.2026-11.io.jiet:array.fd00::5-3260}).
 */
public enum SendTargetsShape {
    ALL_PORTALS("all-portals"),
    PER_PORTAL("per-portal");

    private final String keyword;

    SendTargetsShape(String keyword) {
        this.keyword = keyword;
    }

    /** The value as written in ietd.conf: {@code SendTargets all-portals|per-portal}. */
    public String keyword() {
        return keyword;
    }

    /**
     * The TargetName to advertise for {@code targetName} on the portal {@code host}:{@code port} (the address the
     * discovery session came in on, or the portal being listed; never a wildcard address).
     */
    public String advertisedName(String targetName, String host, int port) {
        return this == ALL_PORTALS ? targetName : perPortalName(targetName, host, port);
    }

    /**
     * {@code NAME.HOST-PORT}; see the class comment. IPv6 hosts are written in RFC 5952's canonical form, so the
     * name is the same whether the host comes from the file ({@code fd00::5}) or from a socket
     * ({@code fd00:0:0:0:0:0:0:5}).
     */
    public static String perPortalName(String targetName, String host, int port) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        int zone = bare.indexOf('%');
        if (zone >= 0) {
            bare = bare.substring(0, zone); // a link-local scope id is local knowledge, not part of a name
        }
        return targetName + "." + canonical(bare.toLowerCase(Locale.ROOT)) + "-" + port;
    }

    /** RFC 5952 §4: lower case, no leading zeros, the longest run (first of equals) of 2+ zero groups as "::". */
    private static String canonical(String host) {
        if (host.indexOf(':') < 0) {
            return host;
        }
        InetAddress address;
        try {
            address = InetAddress.ofLiteral(host);
        } catch (IllegalArgumentException e) {
            return host;
        }
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress(); // an IPv4-mapped literal is its IPv4 address
        }
        byte[] b = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    /** Case-insensitive lookup by {@link #keyword()}. */
    public static Optional<SendTargetsShape> forKeyword(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.keyword.equals(lower)).findFirst();
    }

    static String allowedValues() {
        return Arrays.stream(values()).map(SendTargetsShape::keyword).collect(Collectors.joining(", "));
    }
}
