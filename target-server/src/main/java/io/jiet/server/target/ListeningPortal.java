package io.jiet.server.target;

import io.jiet.conf.PortalAddress;
import java.net.InetSocketAddress;

/**
 * A portal the daemon listens on: as configured (what TargetPortGroup lines name), as bound (port resolved), and
 * its relative target port identifier (SPC-4 §4.3.5.5), 1-based in listening order and stable while the daemon
 * runs — the identifier an initiator sees in VPD 0x83 and REPORT TARGET PORT GROUPS for sessions through it.
 */
public record ListeningPortal(PortalAddress configured, InetSocketAddress bound, int relativeTargetPortId) {

    /** Whether this portal listens on every address (0.0.0.0 or ::). */
    public boolean wildcard() {
        return bound.getAddress().isAnyLocalAddress();
    }
}
