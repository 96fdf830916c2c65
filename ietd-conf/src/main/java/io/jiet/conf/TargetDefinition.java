package io.jiet.conf;

import java.util.List;
import java.util.Optional;

/**
 * One {@code Target} block. {@code tid} is assigned in file order from 1, as IET did. {@code alias} is the last
 * Alias line (IET ignored it; jiet answers it as TargetAlias). {@code luns} are in file order. {@code line} is the
 * Target line. {@code portalGroups} holds jiet's multipath lines (Alua, TargetPortGroup, SendTargets,
 * AluaTransitionTime); {@link PortalGroups#IET_DEFAULT} for a block without them.
 */
public record TargetDefinition(int tid, String name, Optional<String> alias, List<Account> incomingUsers,
                               Optional<Account> outgoingUser, TargetParameters parameters, List<LunDefinition> luns,
                               int line, PortalGroups portalGroups) {

    /** A target presented as IET did (no jiet multipath lines). */
    public TargetDefinition(int tid, String name, Optional<String> alias, List<Account> incomingUsers,
                            Optional<Account> outgoingUser, TargetParameters parameters, List<LunDefinition> luns,
                            int line) {
        this(tid, name, alias, incomingUsers, outgoingUser, parameters, luns, line, PortalGroups.IET_DEFAULT);
    }

    /** The LUN numbered {@code lun}, if the block defines it. */
    public Optional<LunDefinition> lun(int lun) {
        return luns.stream().filter(l -> l.lun() == lun).findFirst();
    }

    /**
     * The TargetName SendTargets lists for this target on the portal {@code host}:{@code port}: the name itself,
     * or the per-portal name with {@code SendTargets per-portal}.
     */
    public String advertisedName(String host, int port) {
        return portalGroups.sendTargets().advertisedName(name, host, port);
    }

    /**
     * True when a login asking for {@code targetName} through the portal {@code host}:{@code port} means this
     * target: its own name (on any portal), or with {@code SendTargets per-portal} the name advertised for that
     * portal. iSCSI names compare case-insensitively (RFC 7143 §4.2.7.1).
     */
    public boolean answersTo(String targetName, String host, int port) {
        return name.equalsIgnoreCase(targetName) || advertisedName(host, port).equalsIgnoreCase(targetName);
    }
}
