package io.jiet.conf.access;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * An address or a network ({@code ADDRESS/PREFIX}) of an allow file: IPv4 ({@code 10.0.0.0/8}) or IPv6, bracketed
 * as IET wrote it ({@code [fd00::]/64}) or bare. Immutable.
 *
 * @param network      the address bytes (4 or 16)
 * @param prefixLength how many leading bits must match; 32 or 128 for a single address
 */
record AddressRange(byte[] network, int prefixLength) {
    AddressRange {
        network = network.clone();
    }

    @Override
    public byte[] network() {
        return network.clone();
    }

    /** True when {@code address} is inside the range; IPv4-mapped IPv6 addresses count as their IPv4 address. */
    boolean contains(InetAddress address) {
        byte[] candidate = canonical(address).getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (candidate[full] & mask) == (network[full] & mask);
    }

    /** True when bits beyond the prefix are set (e.g. {@code 192.168.1.5/24}), which IET never matched. */
    boolean hasHostBits() {
        for (int bit = prefixLength; bit < network.length * 8; bit++) {
            if ((network[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
                return true;
            }
        }
        return false;
    }

    static InetAddress canonical(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            mapped &= b[10] == (byte) 0xFF && b[11] == (byte) 0xFF;
            if (mapped) {
                try {
                    return InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16));
                } catch (java.net.UnknownHostException e) {
                    throw new AssertionError(e); // four bytes are always a valid IPv4 address
                }
            }
        }
        return address;
    }

    static int maxPrefix(InetAddress address) {
        return address instanceof Inet4Address ? 32 : 128;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddressRange r && r.prefixLength == prefixLength && Arrays.equals(r.network, network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefixLength;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
        } catch (java.net.UnknownHostException e) {
            return Arrays.toString(network) + "/" + prefixLength;
        }
    }
}
