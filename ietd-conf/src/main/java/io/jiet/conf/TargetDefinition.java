package io.jiet.conf;

import java.util.List;
import java.util.Optional;

/** One {@code Target} block. {@code tid} is assigned in file order from 1, as IET did. */
public record TargetDefinition(int tid, String name, Optional<String> alias, List<Account> incomingUsers,
                               Optional<Account> outgoingUser, TargetParameters parameters, List<LunDefinition> luns,
                               int line) {
}
