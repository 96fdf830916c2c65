package io.jiet.server.session;

import java.util.HexFormat;

/**
 * What identifies a session for reinstatement (RFC 7143 §6.3.5): the initiator name, the ISID and the target
 * (null for discovery sessions).
 */
public record SessionKey(String initiatorName, long isid, String targetName) {

    /** SPC-4 / RFC 7143 §10.1.1 initiator port name: iSCSI name + ",i,0x" + the 6-byte ISID in hex. */
    public String initiatorPortName() {
        return initiatorName + ",i,0x" + HexFormat.of().toHexDigits(isid).substring(4);
    }

    @Override
    public String toString() {
        return initiatorPortName() + (targetName == null ? " (discovery)" : " -> " + targetName);
    }
}
