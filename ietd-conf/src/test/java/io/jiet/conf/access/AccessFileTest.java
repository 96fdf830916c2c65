package io.jiet.conf.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Addresses, networks and the line format of the allow files. */
class AccessFileTest {
    private static final Path FILE = Path.of("initiators.allow");

    private static InetAddress ip(String literal) {
        return InetAddress.ofLiteral(literal);
    }

    @ParameterizedTest
    @CsvSource({
        "10.1.2.3,         10.1.2.3,  true",
        "10.1.2.3,         10.1.2.4,  false",
        "10.1.2.0/24,      10.1.2.77, true",
        "10.1.2.0/24,      10.1.3.1,  false",
        "10.1.2.3/32,      10.1.2.3,  true",   // IET's netmask_match refused /32; jiet matches the host
        "0.0.0.0/0,        192.0.2.1, true",
        "172.16.0.0/12,    172.31.255.255, true",
        "172.16.0.0/12,    172.32.0.0, false",
        "[fd00:1::]/64,    fd00:1::9, true",
        "[fd00:1::]/64,    fd00:2::9, false",
        "[::1],            ::1,       true",
        "fe80::1,          fe80::1,   true",   // brackets optional, as IET's getaddrinfo took both
        "fd00::/8,         fdff::1,   true",
        "10.0.0.1,         ::ffff:10.0.0.1, true",  // an IPv4-mapped peer is its IPv4 address
        "10.0.0.1,         ::1,       false",
        "[::1],            127.0.0.1, false",
    })
    void addressesAndNetworks(String item, String peer, boolean expected) {
        assertEquals(expected, AccessFile.address(item).contains(ip(peer)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "10.0.0.0/33     | prefix /33 is not 0..32",
        "[fd00::]/129    | prefix /129 is not 0..128",
        "10.0.0.0/x      | prefix /x is not 0..32",
        "10.0.0.0/       | prefix / is not 0..32",
        "10.0.0.300      | 10.0.0.300 is not a numeric address",
        "[fd00::         | the '[' is never closed",
        "[fd00::]:3260   | unexpected ':3260' after ']'",
        "host.example    | host.example is not a numeric address",
    })
    void notAddresses(String item, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> AccessFile.address(item))
                .getMessage());
    }

    @Property
    void networksMatchTheirMaskedAddresses(@ForAll int network, @ForAll int peer,
                                           @ForAll @IntRange(min = 0, max = 32) int prefix) throws Exception {
        int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
        byte[] net = java.nio.ByteBuffer.allocate(4).putInt(network & mask).array();
        InetAddress p = InetAddress.getByAddress(java.nio.ByteBuffer.allocate(4).putInt(peer).array());
        AddressRange range = new AddressRange(net, prefix);
        assertEquals(((peer ^ network) & mask) == 0, range.contains(p));
        assertFalse(range.hasHostBits());
    }

    @Property
    void anyTextParsesAndDecidesWithoutThrowing(@ForAll String text, @ForAll String initiator,
                                                @ForAll boolean withNames) {
        AccessFile f = AccessFile.parse(FILE, text, withNames);
        for (AccessLine line : f.lines()) {
            line.admitting(java.util.Optional.of(initiator), ip("10.0.0.1"));
            line.admitting(java.util.Optional.empty(), ip("fd00::1"));
        }
        assertTrue(f.lines().stream().allMatch(l -> !l.target().isBlank()));
    }

    @Test
    void linesCommentsAndItems() {
        AccessFile f = AccessFile.parse(FILE, """
                # comment
                   # indented comment
                iqn.2026-11.io.jiet:a 10.0.0.1, 10.0.0.2 ,iqn.1993-08.org.debian:01:.*   # trailing comment
                lonely-word
                ALL\t[fd00::]/64""", true);
        assertEquals(List.of(3, 5), f.lines().stream().map(AccessLine::number).toList());
        assertEquals(List.of("10.0.0.1", "10.0.0.2", "iqn.1993-08.org.debian:01:.*"),
                f.lines().getFirst().items().stream().map(AccessItem::text).toList());
        assertEquals("ALL", f.lines().get(1).target(), "a tab separates too; the last line needs no line break");
        assertEquals(List.of("initiators.allow:4: lonely-word has no list of initiators or addresses; the line is"
                + " skipped, as IET did"), f.remarks());
    }

    @Test
    void remarksForEntriesThatCanNeverMatch() {
        AccessFile f = AccessFile.parse(FILE, """
                ALL 192.168.1.5/24, 10.0.0.0/40, 10.0.0.1 10.0.0.2, ^iqn.x:.*$, iqn.x:\\(
                """, true);
        assertEquals(List.of(
                "initiators.allow:1: 192.168.1.5/24 has bits set beyond its prefix; IET never matched such an entry"
                        + " and neither does jiet: write the network address, e.g. 192.168.1.0/24",
                "initiators.allow:1: 10.0.0.0/40 is not an address (prefix /40 is not 0..32); expected ALL, an IPv4"
                        + " address, [IPv6] or ADDRESS/PREFIX or an initiator name",
                "initiators.allow:1: '10.0.0.1 10.0.0.2' contains a blank; items are separated by commas",
                "initiators.allow:1: ^iqn.x:.*$: names are anchored already (IET wraps them in ^…$), so this ^ or $"
                        + " is an ordinary character and the pattern never matches an iSCSI name",
                "initiators.allow:1: iqn.x:\\( is neither an address nor a valid initiator-name pattern (POSIX basic"
                        + " regular expression)"), f.remarks());
        AccessLine line = f.lines().getFirst();
        assertFalse(line.admitting(java.util.Optional.of("iqn.x:a"), ip("192.168.1.5")).isPresent(),
                "IET never matched a network with host bits");
    }

    @Test
    void targetsAllowListsAddressesOnly() {
        AccessFile f = AccessFile.parse(Path.of("targets.allow"), "iqn.x:t 10.0.0.1, iqn.x:.*\n", false);
        assertEquals(List.of("targets.allow:1: iqn.x:.* is not an address (iqn.x:.* is not a numeric address);"
                + " expected ALL, an IPv4 address, [IPv6] or ADDRESS/PREFIX"), f.remarks());
        assertTrue(f.lines().getFirst().items().get(1).name().isEmpty());
    }

    @Test
    void allIsCaseSensitiveAndTargetsAreNot() {
        AccessFile f = AccessFile.parse(FILE, "all 10.0.0.1\nIQN.X:T all\nALL 10.0.0.3\n", true);
        assertEquals(3, f.lineFor("iqn.y:u").orElseThrow().number(), "'all' is a target name, as IET's strcmp");
        AccessLine t = f.lineFor("iqn.x:t").orElseThrow();
        assertEquals(2, t.number());
        assertTrue(t.items().getFirst().address().isEmpty() && !t.items().getFirst().everyone());
    }
}
