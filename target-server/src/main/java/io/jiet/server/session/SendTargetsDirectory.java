package io.jiet.server.session;

import io.jiet.conf.PortalAddress;
import io.jiet.pdu.TextParameter;
import io.jiet.server.login.SessionType;
import io.jiet.server.target.IscsiTarget;
import io.jiet.server.target.TargetRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Answers SendTargets (RFC 7143 §13.3, Appendix C): TargetName followed by a TargetAddress per portal, as
 * {@code address:port,tpgt}. Like IET, the address the request came in on is listed first and wildcard portals are
 * advertised as that address. Immutable.
 */
public final class SendTargetsDirectory {

    private final TargetRegistry targets;
    private volatile List<PortalAddress> portals = List.of();

    public SendTargetsDirectory(TargetRegistry targets) {
        this.targets = targets;
    }

    /** The addresses the daemon actually listens on (ports resolved), advertised for every target. */
    public void setPortals(List<PortalAddress> listening) {
        this.portals = List.copyOf(listening);
    }

    public TargetRegistry targets() {
        return targets;
    }

    /**
     * @param value the SendTargets value: "All", a target name, or empty
     * @param sessionTarget the session's target in a normal session, else null
     */
    public List<TextParameter> answer(String value, SessionType type, IscsiTarget sessionTarget,
                                      InetSocketAddress local) {
        List<IscsiTarget> listed = new ArrayList<>();
        if (type == SessionType.NORMAL) {
            // A normal session learns only about its own target.
            if (value.isEmpty() || value.equals("All") || value.equals(sessionTarget.name())) {
                listed.add(sessionTarget);
            }
        } else if (value.equals("All")) {
            listed.addAll(targets.all());
        } else {
            targets.find(value).ifPresent(listed::add);
        }
        List<TextParameter> out = new ArrayList<>();
        for (IscsiTarget t : listed) {
            out.add(new TextParameter("TargetName", t.name()));
            for (String address : addresses(local)) {
                out.add(new TextParameter("TargetAddress", address + "," + t.portalGroupTag()));
            }
        }
        return out;
    }

    private Set<String> addresses(InetSocketAddress local) {
        Set<String> out = new LinkedHashSet<>();
        String here = format(local.getAddress(), local.getPort());
        for (PortalAddress p : portals) {
            if (p.port() == local.getPort() && (isWildcard(p.host()) || sameHost(p.host(), local.getAddress()))) {
                out.add(here);
            }
        }
        for (PortalAddress p : portals) {
            out.add(isWildcard(p.host()) ? format(local.getAddress(), p.port()) : p.toString());
        }
        return out;
    }

    /** 0.0.0.0 or :: in any spelling (a daemon listening on every address advertises where it was reached). */
    private static boolean isWildcard(String host) {
        try {
            return InetAddress.ofLiteral(host.replace("[", "").replace("]", "")).isAnyLocalAddress();
        } catch (IllegalArgumentException hostName) {
            return false;
        }
    }

    private static boolean sameHost(String host, InetAddress address) {
        return host.equals(address.getHostAddress());
    }

    private static String format(InetAddress address, int port) {
        return new PortalAddress(address.getHostAddress(), port).toString();
    }
}
