package io.jiet.conf;

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

    /** {@code NAME.HOST-PORT}; see the class comment. */
    public static String perPortalName(String targetName, String host, int port) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        int zone = bare.indexOf('%');
        if (zone >= 0) {
            bare = bare.substring(0, zone); // a link-local scope id is local knowledge, not part of a name
        }
        return targetName + "." + bare.toLowerCase(Locale.ROOT) + "-" + port;
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
