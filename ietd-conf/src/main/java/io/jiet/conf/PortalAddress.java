package io.jiet.conf;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.regex.Pattern;

/** A listening portal, {@code host} being an IPv4 address, an IPv6 address without brackets, or a host name. */
public record PortalAddress(String host, int port) {
    public static final int DEFAULT_PORT = 3260;

    private static final Pattern DOTTED_QUAD = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern NUMERIC = Pattern.compile("[\\d.]+");
    // RFC 1123 §2.1 host names: letters, digits and hyphens, labels not starting or ending with a hyphen.
    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");

    /** {@code 127.0.0.1:3260}, or {@code [::1]:3260} for IPv6. */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * Reads {@code ADDRESS[:PORT]}: an IPv4 address, a bracketed IPv6 address ({@code [fe80::1]:3261}; a bare IPv6
     * address without port is accepted too), or a host name; the port defaults to {@value #DEFAULT_PORT}. Host
     * names are checked for shape only, never resolved.
     *
     * @throws IllegalArgumentException naming what is wrong with {@code text}
     */
    public static PortalAddress parse(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("the address is empty");
        }
        if (text.charAt(0) == '[') {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("the '[' of the IPv6 address is never closed");
            }
            String host = text.substring(1, close);
            requireIpv6(host);
            String rest = text.substring(close + 1);
            if (rest.isEmpty()) {
                return new PortalAddress(host, DEFAULT_PORT);
            }
            if (rest.charAt(0) != ':') {
                throw new IllegalArgumentException("expected ':PORT' after ']', found '" + rest + "'");
            }
            return new PortalAddress(host, port(rest.substring(1)));
        }
        int firstColon = text.indexOf(':');
        if (firstColon >= 0 && firstColon != text.lastIndexOf(':')) {
            if (!isIpv6(text)) {
                throw new IllegalArgumentException(
                        "not an address; write IPv6 addresses in brackets, e.g. [fe80::1]:3260");
            }
            return new PortalAddress(text, DEFAULT_PORT);
        }
        String host = firstColon < 0 ? text : text.substring(0, firstColon);
        int port = firstColon < 0 ? DEFAULT_PORT : port(text.substring(firstColon + 1));
        requireHost(host);
        return new PortalAddress(host, port);
    }

    private static int port(String digits) {
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("port '" + digits + "' is not a number 1..65535");
        }
        if (digits.length() > 5 || Integer.parseInt(digits) < 1 || Integer.parseInt(digits) > 65535) {
            throw new IllegalArgumentException("port " + digits + " is out of range 1..65535");
        }
        return Integer.parseInt(digits);
    }

    private static void requireHost(String host) {
        if (host.isEmpty()) {
            throw new IllegalArgumentException("the host part is empty");
        }
        if (NUMERIC.matcher(host).matches()) {
            // Looks numeric: it must be a real dotted quad, not a host name made of digits.
            if (!DOTTED_QUAD.matcher(host).matches() || !isIpv4(host)) {
                throw new IllegalArgumentException(host + " is not an IPv4 address");
            }
            return;
        }
        if (!HOST_NAME.matcher(host).matches()) {
            throw new IllegalArgumentException(host + " is neither an IPv4 address nor a host name");
        }
    }

    private static void requireIpv6(String host) {
        if (!isIpv6(host)) {
            throw new IllegalArgumentException(host + " is not an IPv6 address");
        }
    }

    private static boolean isIpv4(String host) {
        try {
            return InetAddress.ofLiteral(host) instanceof Inet4Address;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isIpv6(String host) {
        try {
            // IPv4-mapped literals (::ffff:a.b.c.d) come back as Inet4Address: any literal with a colon is IPv6 text.
            return host.indexOf(':') >= 0 && InetAddress.ofLiteral(host) != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
