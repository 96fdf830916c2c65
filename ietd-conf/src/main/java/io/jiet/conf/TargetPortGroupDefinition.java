package io.jiet.conf;

import java.util.List;

/**
 * One {@code TargetPortGroup ID Portals=ADDR:PORT[,…] [State=STATE] [Preferred=yes|no]} line. The group is both
 * an SPC-4 target port group (its {@code id} is the TARGET PORT GROUP of REPORT TARGET PORT GROUPS and of the VPD
 * 0x83 designator) and an RFC 7143 target portal group ({@code id} is the TargetPortalGroupTag of its portals in
 * SendTargets and at login).
 *
 * @param id        1..65535
 * @param portals   the global {@code Portal} lines that belong to this group, in the order written
 * @param state     the initial asymmetric access state (default active-optimized)
 * @param preferred the PREF bit of REPORT TARGET PORT GROUPS (default no)
 * @param line      where the line is in the file
 */
public record TargetPortGroupDefinition(int id, List<PortalAddress> portals, AsymmetricAccessState state,
                                        boolean preferred, int line) {
    public TargetPortGroupDefinition {
        portals = List.copyOf(portals);
    }

    /** True when {@code portal} is one of this group's portals. */
    public boolean contains(PortalAddress portal) {
        return portals.contains(portal);
    }
}
