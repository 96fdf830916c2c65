package io.jiet.conf;

import java.util.List;
import java.util.Optional;

/**
 * A parsed ietd.conf. {@code portals} are the jiet extension's {@code Portal ADDRESS:PORT} lines (empty when the
 * file has none). {@code incomingUsers}/{@code outgoingUser} are the global (discovery) accounts.
 */
public record IetdConfig(String source, List<Account> incomingUsers, Optional<Account> outgoingUser,
                         List<PortalAddress> portals, List<TargetDefinition> targets) {
}
