package io.jiet.server.session;

import io.jiet.conf.PortalAddress;
import io.jiet.conf.SendTargetsShape;
import io.jiet.conf.access.AccessRules;
import io.jiet.pdu.TextParameter;
import io.jiet.server.login.SessionType;
import io.jiet.server.target.IscsiTarget;
import io.jiet.server.target.ListeningPortal;
import io.jiet.server.target.TargetRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Answers SendTargets (RFC 7143 §13.3, Appendix C): TargetName followed by a TargetAddress per portal, as
 * {@code address:port,tpgt}, the tag being the portal's group. Like IET, the portal the request came in on is
 * listed first, a wildcard portal is advertised as the address it was reached at, and initiators.allow /
 * targets.allow decide which targets and addresses an initiator learns. With {@code SendTargets per-portal} a
 * target is listed once per portal under a per-portal name. Thread-safe.
 */
public final class SendTargetsDirectory {

    private final TargetRegistry targets;
    private volatile List<ListeningPortal> portals = List.of();

    public SendTargetsDirectory(TargetRegistry targets) {
        this.targets = targets;
    }

    public TargetRegistry targets() {
        return targets;
    }

    /** The portals the daemon listens on, in listening order. */
    public void setPortals(List<ListeningPortal> listening) {
        this.portals = List.copyOf(listening);
    }

    /**
     * @param value the SendTargets value: "All", a target name, or empty
     * @param sessionTarget the session's target in a normal session, else null
     */
    public List<TextParameter> answer(String value, SessionType type, IscsiTarget sessionTarget,
                                      InetSocketAddress local, String initiatorName, InetAddress initiatorAddress) {
        AccessRules rules = targets.accessRules();
        List<IscsiTarget> listed = new ArrayList<>();
        if (type == SessionType.NORMAL) {
            // A normal session learns only about its own target.
            if (value.isEmpty() || value.equals("All") || sessionTarget.answersTo(value,
                    local.getAddress().getHostAddress(), local.getPort())) {
                listed.add(sessionTarget);
            }
        } else if (value.equals("All")) {
            listed.addAll(targets.all());
        } else {
            targets.findForLogin(value, local.getAddress().getHostAddress(), local.getPort()).ifPresent(listed::add);
        }
        List<TextParameter> out = new ArrayList<>();
        for (IscsiTarget t : listed) {
            if (!rules.initiatorAllowed(t.name(), initiatorName, initiatorAddress)) {
                continue;
            }
            List<Advertised> addresses = addresses(t, local, rules);
            if (t.portalGroups().sendTargets() == SendTargetsShape.PER_PORTAL) {
                for (Advertised a : addresses) {
                    out.add(new TextParameter("TargetName", t.advertisedName(a.host, a.port)));
                    out.add(new TextParameter("TargetAddress", a.text()));
                }
            } else if (!addresses.isEmpty()) {
                out.add(new TextParameter("TargetName", t.name()));
                for (Advertised a : addresses) {
                    out.add(new TextParameter("TargetAddress", a.text()));
                }
            }
        }
        return out;
    }

    private record Advertised(InetAddress address, String host, int port, int tag) {
        String text() {
            return new PortalAddress(host, port) + "," + tag;
        }
    }

    /** The target's portals, the arrival portal first; each with the group tag the target has there. */
    private List<Advertised> addresses(IscsiTarget target, InetSocketAddress local, AccessRules rules) {
        List<ListeningPortal> ordered = new ArrayList<>();
        for (ListeningPortal p : portals) {
            if (arrivedThrough(p, local)) {
                ordered.addFirst(p);
            } else {
                ordered.add(p);
            }
        }
        List<Advertised> out = new ArrayList<>();
        for (ListeningPortal p : ordered) {
            OptionalInt tag = target.portalGroupTag(p);
            InetAddress address = p.wildcard() ? local.getAddress() : p.bound().getAddress();
            int port = p.bound().getPort();
            if (tag.isEmpty() || !rules.targetVisible(target.name(), address)) {
                continue;
            }
            Advertised a = new Advertised(address, address.getHostAddress(), port, tag.getAsInt());
            if (out.stream().noneMatch(o -> o.address.equals(address) && o.port == port)) {
                out.add(a);
            }
        }
        return out;
    }

    private static boolean arrivedThrough(ListeningPortal p, InetSocketAddress local) {
        return p.bound().getPort() == local.getPort()
                && (p.wildcard() || p.bound().getAddress().equals(local.getAddress()));
    }
}
