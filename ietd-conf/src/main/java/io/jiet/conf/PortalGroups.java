package io.jiet.conf;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How one target is presented on the portals: its target port groups (jiet's {@code TargetPortGroup} lines), the
 * ALUA mode its logical units announce ({@code Alua}), the SendTargets shape ({@code SendTargets}) and the
 * implicit transition time reported by REPORT TARGET PORT GROUPS ({@code AluaTransitionTime}).
 *
 * <p>A target without TargetPortGroup lines keeps IET's behaviour: every portal is in one portal group with tag
 * {@value #IET_PORTAL_GROUP_TAG} and ALUA is off. A target with TargetPortGroup lines has every one of the
 * config's {@code Portal} lines in exactly one group (the parser refuses anything else).
 *
 * @param alua                     the Alua line, {@link AluaMode#OFF} by default
 * @param groups                   the TargetPortGroup lines in file order; empty for IET's single group
 * @param sendTargets              the SendTargets line, {@link SendTargetsShape#ALL_PORTALS} by default
 * @param transitionTimeSeconds    AluaTransitionTime, 0..255 (the one-byte IMPLICIT TRANSITION TIME of the RTPG
 *                                 extended header, SPC-4 §6.37); how long the {@code transitioning} state lasts
 */
public record PortalGroups(AluaMode alua, List<TargetPortGroupDefinition> groups, SendTargetsShape sendTargets,
                           int transitionTimeSeconds) {
    /** The portal group tag IET gave every portal (it had one portal group per target). */
    public static final int IET_PORTAL_GROUP_TAG = 1;

    /** IET's presentation: one portal group, tag 1, no ALUA, all portals in SendTargets. */
    public static final PortalGroups IET_DEFAULT =
            new PortalGroups(AluaMode.OFF, List.of(), SendTargetsShape.ALL_PORTALS, 0);

    public PortalGroups {
        groups = List.copyOf(groups);
    }

    /** True when the file defines groups; false for IET's single implicit group. */
    public boolean hasGroups() {
        return !groups.isEmpty();
    }

    /** The group with this id. */
    public Optional<TargetPortGroupDefinition> group(int id) {
        return groups.stream().filter(g -> g.id() == id).findFirst();
    }

    /** The group {@code portal} belongs to; empty without groups or for a portal outside every group. */
    public Optional<TargetPortGroupDefinition> groupOf(PortalAddress portal) {
        return groups.stream().filter(g -> g.contains(portal)).findFirst();
    }

    /**
     * The TargetPortalGroupTag of this target on {@code portal}: IET's 1 when there are no groups, else the id of
     * the portal's group. Empty when the target has groups and {@code portal} is in none of them (for example a
     * portal added with {@code -a}/{@code -p} on top of the file's Portal lines): the target is not reachable
     * there.
     */
    public OptionalInt portalGroupTag(PortalAddress portal) {
        if (groups.isEmpty()) {
            return OptionalInt.of(IET_PORTAL_GROUP_TAG);
        }
        return groupOf(portal).map(g -> OptionalInt.of(g.id())).orElse(OptionalInt.empty());
    }
}
