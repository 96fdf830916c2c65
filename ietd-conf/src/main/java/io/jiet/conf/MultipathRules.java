package io.jiet.conf;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The checks on a Target block's multipath lines (Alua, TargetPortGroup, SendTargets, AluaTransitionTime) and its
 * RDAC logical units that need the whole block, run when the block ends. Stateless.
 */
final class MultipathRules {
    private MultipathRules() {
    }

    static PortalGroups check(TargetBlock target, ParseState state) throws ConfigException {
        List<TargetPortGroupDefinition> groups = List.copyOf(target.groups.values());
        if (target.alua != AluaMode.OFF && groups.isEmpty()) {
            throw state.error(target.aluaLine, "Alua " + target.alua.keyword() + " needs TargetPortGroup lines"
                    + " that put every Portal of target " + target.name + " into a group, e.g. TargetPortGroup 1"
                    + " Portals=10.0.0.1:3260 State=active-optimized");
        }
        if (!groups.isEmpty()) {
            requireEveryPortalGrouped(target, state, groups);
        }
        if (target.transitionTimeLine != 0 && target.alua == AluaMode.OFF) {
            state.warn(target.transitionTimeLine, "AluaTransitionTime has no effect while target " + target.name
                    + " has Alua off");
        }
        if (target.sendTargets == SendTargetsShape.PER_PORTAL) {
            checkPerPortalNames(target, state);
        }
        warnAboutRdac(target, state, groups);
        return new PortalGroups(target.alua, groups, target.sendTargets, target.transitionTime);
    }

    /** jiet's rule: a target that has groups is reachable on every Portal, each in exactly one group. */
    private static void requireEveryPortalGrouped(TargetBlock target, ParseState state,
                                                  List<TargetPortGroupDefinition> groups) throws ConfigException {
        List<PortalAddress> orphans = state.portals.stream()
                .filter(p -> groups.stream().noneMatch(g -> g.contains(p)))
                .toList();
        if (orphans.isEmpty()) {
            return;
        }
        String named = orphans.stream().map(p -> "Portal " + p + " (line " + state.portalLines.get(p) + ")")
                .collect(Collectors.joining(", "));
        String defined = groups.stream().map(g -> g.id() + " (line " + g.line() + ")")
                .collect(Collectors.joining(", "));
        throw state.error(target.line, "target " + target.name + " has TargetPortGroup lines, but " + named
                + (orphans.size() == 1 ? " is" : " are") + " in none of its groups " + defined
                + "; add each Portal to exactly one TargetPortGroup");
    }

    private static void checkPerPortalNames(TargetBlock target, ParseState state) throws ConfigException {
        String lower = target.name.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("iqn.")) {
            throw state.error(target.sendTargetsLine, "SendTargets per-portal derives one name per portal by"
                    + " appending .HOST-PORT, which only iqn. names allow; target " + target.name + " is not an"
                    + " iqn. name");
        }
        for (PortalAddress portal : state.portals) {
            String derived = SendTargetsShape.perPortalName(target.name, portal.host(), portal.port());
            int bytes = derived.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > IetdConfigParser.MAX_NAME_BYTES) {
                throw state.error(target.sendTargetsLine, "SendTargets per-portal: the name " + derived + " for"
                        + " Portal " + portal + " is " + bytes + " bytes long; iSCSI names are at most "
                        + IetdConfigParser.MAX_NAME_BYTES + " bytes");
            }
        }
        state.perPortalTargets.put(target.name, target.sendTargetsLine);
    }

    /** Run once the whole file is read: a per-portal name must not be the name of any target, earlier or later. */
    static void checkPerPortalNameClashes(ParseState state) throws ConfigException {
        for (var entry : state.perPortalTargets.entrySet()) {
            for (PortalAddress portal : state.portals) {
                String derived = SendTargetsShape.perPortalName(entry.getKey(), portal.host(), portal.port());
                Integer clash = state.targetLines.get(ParseState.nameKey(derived));
                if (clash != null) {
                    throw state.error(entry.getValue(), "SendTargets per-portal: the name " + derived + " for"
                            + " Portal " + portal + " is the name of the Target on line " + clash);
                }
            }
        }
    }

    /**
     * Linux picks scsi_dh_rdac by INQUIRY vendor and product (alua-rdac-reference.md) and RDAC reports ownership
     * per controller, i.e. per target port group.
     */
    private static void warnAboutRdac(TargetBlock target, ParseState state,
                                      List<TargetPortGroupDefinition> groups) {
        for (LunDefinition lun : target.luns.values()) {
            if (!lun.rdac()) {
                continue;
            }
            if (lun.vendorId().isEmpty() || lun.productId().isEmpty()) {
                state.warn(lun.line(), "Lun " + lun.lun() + ": Rdac=yes without VendorId and ProductId; hosts"
                        + " attach scsi_dh_rdac by vendor and product, e.g. VendorId=IBM,ProductId=1815");
            }
            if (groups.size() < 2) {
                state.warn(lun.line(), "Lun " + lun.lun() + ": Rdac=yes on target " + target.name + " with "
                        + groups.size() + " TargetPortGroup line(s); RDAC ownership moves between controllers,"
                        + " one TargetPortGroup each");
            }
        }
    }
}
