package io.jiet.server.target;

import io.jiet.alua.AluaMode;
import io.jiet.alua.AluaState;
import io.jiet.alua.TargetPortGroup;
import io.jiet.alua.TargetPortGroups;
import io.jiet.alua.rdac.RdacArray;
import io.jiet.alua.rdac.RdacOwnership;
import io.jiet.alua.rdac.RdacPersonality;
import io.jiet.conf.PortalAddress;
import io.jiet.conf.PortalGroups;
import io.jiet.conf.TargetPortGroupDefinition;
import io.jiet.scsi.AsymmetricAccess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The target ports of one target as its SCSI device sees them: the {@link AsymmetricAccess} built from the target's
 * TargetPortGroup lines and the daemon's listening portals. A portal's relative target port identifier is its
 * 1-based position in the daemon's portal list (the order {@code PortalServer.bind} numbers them), so the ids in
 * REPORT TARGET PORT GROUPS and VPD 83h match the {@link io.jiet.scsi.ItNexus} of sessions through that portal.
 * Target port group ids are the TargetPortGroup ids, which are also the portal group tags.
 * <p>
 * Stateless.
 */
public final class TargetPorts {

    /**
     * The largest LUN count VPD C2h announces: 32 or more makes Linux scsi_dh_rdac move ownership with MODE
     * SELECT(10) and the 256-entry LUN table of page 2Ch subpage 01h, which covers every LUN RDAC can name.
     */
    static final int RDAC_MAX_LUNS = 0xFF;

    private TargetPorts() {
    }

    /**
     * @param portals the daemon's listening portals in listening order (relative target port id = index + 1)
     */
    public static AsymmetricAccess of(String targetName, PortalGroups config, List<PortalAddress> portals) {
        if (!config.hasGroups() || config.alua() == io.jiet.conf.AluaMode.OFF) {
            long offered = config.hasGroups()
                    ? portals.stream().filter(p -> config.groupOf(p).isPresent()).count() : portals.size();
            return new AsymmetricAccess(targetName, (int) Math.max(1, offered), Optional.empty(), Optional.empty());
        }
        TargetPortGroups.Builder builder = TargetPortGroups.builder()
                .mode(AluaMode.valueOf(config.alua().name()))
                .transitionTime(Duration.ofSeconds(config.transitionTimeSeconds()));
        int offered = 0;
        for (TargetPortGroupDefinition group : config.groups()) {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < portals.size(); i++) {
                if (group.contains(portals.get(i))) {
                    ports.add(i + 1);
                }
            }
            offered += ports.size();
            builder.group(group.id(), state(group.state()), group.preferred(), ports);
        }
        TargetPortGroups groups = builder.build();
        Set<Integer> ids = groups.groups().stream().map(TargetPortGroup::id).collect(Collectors.toSet());
        int preferred = config.groups().stream().filter(TargetPortGroupDefinition::preferred)
                .mapToInt(TargetPortGroupDefinition::id).findFirst().orElse(config.groups().getFirst().id());
        RdacPersonality rdac = new RdacPersonality(RdacArray.forTarget(targetName, RDAC_MAX_LUNS), groups,
                new RdacOwnership(preferred, ids, false));
        return new AsymmetricAccess(targetName, Math.max(1, offered), Optional.of(groups), Optional.of(rdac));
    }

    /** ietd-conf's state names the same SPC-4 states alua-tpg does. */
    public static AluaState state(io.jiet.conf.AsymmetricAccessState configured) {
        return AluaState.fromCode(configured.code()).orElseThrow();
    }

    /** The ietd-conf spelling of a state (metrics, config text). */
    public static io.jiet.conf.AsymmetricAccessState configState(AluaState state) {
        for (io.jiet.conf.AsymmetricAccessState s : io.jiet.conf.AsymmetricAccessState.values()) {
            if (s.code() == state.code()) {
                return s;
            }
        }
        throw new IllegalArgumentException("no configuration name for " + state);
    }
}
