package io.jiet.scsi.pr;

import io.jiet.scsi.ItNexus;

/**
 * One persistent reservation registration (SPC-4 §5.13.7): the initiator port, the target port it was made
 * through (or all target ports, ALL_TG_PT), and the reservation key. Immutable.
 *
 * @param relativeTargetPortId the RELATIVE TARGET PORT IDENTIFIER of the registering I_T nexus
 */
public record Registration(InitiatorPort port, int relativeTargetPortId, boolean allTargetPorts, long key) {

    /** Whether {@code nexus}, whose initiator port is {@code nexusPort}, is registered by this registration. */
    boolean matches(InitiatorPort nexusPort, ItNexus nexus) {
        return port.covers(nexusPort) && (allTargetPorts || relativeTargetPortId == nexus.relativeTargetPortId());
    }

    /** Whether this registration and {@code other} are for the same I_T nexuses (a key change keeps the entry). */
    boolean sameRegistrant(Registration other) {
        return port.equals(other.port) && allTargetPorts == other.allTargetPorts
                && (allTargetPorts || relativeTargetPortId == other.relativeTargetPortId);
    }

    Registration withKey(long newKey) {
        return new Registration(port, relativeTargetPortId, allTargetPorts, newKey);
    }
}
