package io.jiet.scsi;

import io.jiet.alua.AluaMode;
import io.jiet.alua.TargetPortGroup;
import io.jiet.alua.TargetPortGroups;
import io.jiet.alua.rdac.RdacPersonality;
import java.util.Objects;
import java.util.Optional;

/**
 * How the target ports of one target device present its logical units (SPC-4 §5.9 "Asymmetric logical unit
 * access"): the target's name (SCSI name string of each target port), how many target ports it has (INQUIRY MultiP),
 * its target port groups when the target is configured with ALUA, and the RDAC personality that logical units with
 * {@code Rdac=yes} use instead of ALUA (they report TPGS 0).
 * <p>
 * Immutable; the groups and personality it refers to are thread-safe.
 *
 * @param targetName the iSCSI target name
 * @param portCount  the number of target ports (portals) the target is offered on
 * @param groups     the target port groups; empty for a target without ALUA
 * @param rdac       the RDAC personality for {@code Rdac=yes} logical units; empty when the target has no groups
 */
public record AsymmetricAccess(String targetName, int portCount, Optional<TargetPortGroups> groups,
                               Optional<RdacPersonality> rdac) {

    /** One target port, no ALUA: IET's presentation. */
    public static final AsymmetricAccess NONE = new AsymmetricAccess("", 1, Optional.empty(), Optional.empty());

    public AsymmetricAccess {
        Objects.requireNonNull(targetName, "targetName");
        Objects.requireNonNull(groups, "groups");
        Objects.requireNonNull(rdac, "rdac");
        if (portCount < 1) {
            throw new IllegalArgumentException("a target has at least one port");
        }
    }

    /** Whether ALUA logical units announce TPGS, serve RTPG/STPG and gate commands by state. */
    public boolean alua() {
        return groups.map(g -> g.mode() != AluaMode.OFF).orElse(false);
    }

    /** INQUIRY byte 5 TPGS bits (SPC-4 §6.4.2) for an ALUA logical unit. */
    public int inquiryTpgsBits() {
        return groups.map(g -> g.mode().inquiryByte5Bits()).orElse(0);
    }

    /** INQUIRY MultiP (byte 6 bit 4): the logical unit is reachable through more than one target port. */
    public boolean multiPort() {
        return portCount > 1;
    }

    /**
     * The target port group a command on {@code nexus} came through: the group of its relative target port, else
     * the portal group tag the transport put in the nexus.
     */
    public int groupOf(ItNexus nexus) {
        return groups.flatMap(g -> g.groupOfPort(nexus.relativeTargetPortId())).map(TargetPortGroup::id)
                .orElse(nexus.targetPortGroup());
    }

    /** The key {@link io.jiet.alua.ChangeCause} compares: initiator port name plus target port name. */
    public static String nexusKey(ItNexus nexus) {
        return nexus.initiatorPortName() + "|" + nexus.targetPortName();
    }
}
