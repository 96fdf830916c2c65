package io.jiet.scsi;

/**
 * An I_T nexus as SPC-4 names it for iSCSI (SPC-4 §3.1.46, iSCSI transport IDs): the initiator port name is the
 * iSCSI name plus ",i,0x" and the ISID; the target port name is the target name plus ",t,0x" and the portal group
 * tag. The relative target port identifier and target port group come from the portal the session used.
 */
public record ItNexus(String initiatorPortName, String targetPortName, int relativeTargetPortId,
                      int targetPortGroup) {
}
