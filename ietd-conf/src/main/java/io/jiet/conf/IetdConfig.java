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
}
