package io.jiet.conf;

import java.util.List;
import java.util.Optional;

/**
 * A parsed ietd.conf. {@code portals} are the jiet extension's {@code Portal ADDRESS:PORT} lines (empty when the
 * file has none). {@code incomingUsers}/{@code outgoingUser} are the global (discovery) accounts.
 */
public record IetdConfig(String source, List<Account> incomingUsers, Optional<Account> outgoingUser,
                         List<PortalAddress> portals, List<TargetDefinition> targets) {

    /** What IET ran with when no configuration file existed: no accounts, no portals, no targets. */
    public static IetdConfig empty(String source) {
        return new IetdConfig(source, List.of(), Optional.empty(), List.of(), List.of());
    }

    /** The target named {@code name}; iSCSI names compare case-insensitively (RFC 7143 §4.2.7.1). */
    public Optional<TargetDefinition> target(String name) {
        return targets.stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst();
    }

    /**
     * The target a login for {@code targetName} through the portal {@code host}:{@code port} asks for: by its own
     * name, or by a per-portal name ({@code SendTargets per-portal}) advertised on that portal.
     */
    public Optional<TargetDefinition> targetForLogin(String targetName, String host, int port) {
        Optional<TargetDefinition> exact = target(targetName);
        if (exact.isPresent()) {
            return exact;
        }
        return targets.stream().filter(t -> t.answersTo(targetName, host, port)).findFirst();
    }
}
