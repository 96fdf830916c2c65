package io.jiet.conf;

import java.util.List;
import java.util.Optional;

/**
 * One {@code Target} block. {@code tid} is assigned in file order from 1, as IET did. {@code alias} is the last
 * Alias line (IET ignored it; jiet answers it as TargetAlias). {@code luns} are in file order. {@code line} is the
 * Target line.
 */
public record TargetDefinition(int tid, String name, Optional<String> alias, List<Account> incomingUsers,
                               Optional<Account> outgoingUser, TargetParameters parameters, List<LunDefinition> luns,
                               int line) {

    /** The LUN numbered {@code lun}, if the block defines it. */
    public Optional<LunDefinition> lun(int lun) {
        return luns.stream().filter(l -> l.lun() == lun).findFirst();
    }
}
