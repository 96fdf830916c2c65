package io.jiet.conf;

/** A listening portal, {@code host} being an IPv4 address, an IPv6 address without brackets, or a host name. */
public record PortalAddress(String host, int port) {
    public static final int DEFAULT_PORT = 3260;

    /** {@code 127.0.0.1:3260}, or {@code [::1]:3260} for IPv6. */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
