package io.jiet.server.metrics;

import java.net.Inet6Address;
import java.net.InetSocketAddress;

/** A portal as a label value: {@code 192.0.2.1:3260} or {@code [2001:db8::1]:3260}. */
final class PortalLabel {
    private PortalLabel() {
    }

    static String of(InetSocketAddress portal) {
        if (portal == null) {
            return "";
        }
        String host = portal.getAddress() == null ? portal.getHostString() : portal.getAddress().getHostAddress();
        if (portal.getAddress() instanceof Inet6Address) {
            int zone = host.indexOf('%');
            host = "[" + (zone >= 0 ? host.substring(0, zone) : host) + "]";
        }
        return host + ":" + portal.getPort();
    }
}
