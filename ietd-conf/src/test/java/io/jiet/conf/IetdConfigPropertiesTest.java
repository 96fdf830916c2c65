package io.jiet.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class IetdConfigPropertiesTest {

    /** A numeric key, a value for it and how many filler lines precede the key's line. */
    record Case(TargetParameter parameter, long value, int filler) {
        /** Burst lengths are set wide open first so the FirstBurst <= MaxBurst rule never interferes. */
        String text() {
            StringBuilder text = new StringBuilder("Target iqn.2001-04.com.example:p\n")
                    .append("FirstBurstLength 512\nMaxBurstLength 16777215\nLun 0 Path=/dev/sdb\n");
            for (int i = 0; i < filler; i++) {
                text.append(i % 2 == 0 ? "\n" : "  # filler\n");
            }
            return text.append('\t').append(parameter.keyword()).append(' ').append(value).append('\n').toString();
        }

        int line() {
            return 5 + filler;
        }
    }

    @Provide
    Arbitrary<Case> inRange() {
        return numericParameters().flatMap(p -> Combinators.combine(
                Arbitraries.longs().between(p.min(), p.max()),
                Arbitraries.integers().between(0, 20)).as((v, filler) -> new Case(p, v, filler)));
    }

    private static Arbitrary<TargetParameter> numericParameters() {
        return Arbitraries.of(Stream.of(TargetParameter.values()).filter(TargetParameter::numeric).toList());
    }

    @Property
    void numbersInRangeAreAccepted(@ForAll("inRange") Case c) throws ConfigException {
        TargetParameters p = IetdConfigParser.parse("p.conf", c.text()).targets().getFirst().parameters();
        assertEquals(c.value(), valueOf(c.parameter(), p));
    }

    @Provide
    Arbitrary<Case> outOfRange() {
        return numericParameters().flatMap(p -> Combinators.combine(
                Arbitraries.oneOf(Arbitraries.longs().lessOrEqual(p.min() - 1),
                        Arbitraries.longs().greaterOrEqual(p.max() + 1)),
                Arbitraries.integers().between(0, 20)).as((v, filler) -> new Case(p, v, filler)));
    }

    @Property
    void numbersOutOfRangeAreRefusedOnTheirLine(@ForAll("outOfRange") Case c) {
        ConfigException e = assertThrows(ConfigException.class, () -> IetdConfigParser.parse("p.conf", c.text()));
        assertEquals("p.conf:" + c.line() + ": " + c.parameter().keyword() + " " + c.value()
                + " is out of range " + c.parameter().min() + ".." + c.parameter().max(), e.getMessage());
    }

    @Property
    void hexAndOctalReadAsIetReadThem(@ForAll("inRange") Case c) throws ConfigException {
        for (String written : List.of("0x" + Long.toHexString(c.value()), "0" + Long.toOctalString(c.value()))) {
            String text = c.text().replace(c.parameter().keyword() + " " + c.value(),
                    c.parameter().keyword() + " " + written);
            TargetParameters p = IetdConfigParser.parse("p.conf", text).targets().getFirst().parameters();
            assertEquals(c.value(), valueOf(c.parameter(), p), written);
        }
    }

    @Property
    void lunNumbersInRangeAreKept(@ForAll @IntRange(min = 0, max = 16383) int lun) throws ConfigException {
        IetdConfig config = IetdConfigParser.parse("p.conf",
                "Target iqn.2001-04.com.example:p\nLun " + lun + " Type=nullio\n");
        assertEquals(lun, config.targets().getFirst().luns().getFirst().lun());
    }

    @Property
    void lunNumbersAboveTheLimitAreRefused(@ForAll @IntRange(min = 16384, max = Integer.MAX_VALUE) int lun) {
        ConfigException e = assertThrows(ConfigException.class, () -> IetdConfigParser.parse("p.conf",
                "Target iqn.2001-04.com.example:p\nLun " + lun + " Type=nullio\n"));
        assertEquals("p.conf:2: Lun " + lun + " is out of range 0..16383", e.getMessage());
    }

    @Provide
    Arbitrary<String> junkLine() {
        Arbitrary<String> words = Arbitraries.oneOf(
                Arbitraries.of("Target", "Lun", "Portal", "IncomingUser", "OutgoingUser", "Alias", "MaxConnections",
                        "HeaderDigest", "iSNSServer", "FirstBurstLength", "MaxBurstLength", "InitialR2T",
                        "iqn.2001-04.com.example:x", "0", "1", "16383", "Yes", "No", "CRC32C,None", "\\", "#",
                        "Path=/a,Type=nullio", "Type=nullio,Blocks=", "[::1]:3260", "Sectors=9,Blocks=9", ",,=,"),
                Arbitraries.strings().withChars("abcAB019=,#\\[]:.-_ \t\u00e9").ofMaxLength(12));
        return words.list().ofMaxSize(5).map(w -> String.join(" ", w));
    }

    @Property(tries = 500)
    void junkOnlyEverFailsAsConfigException(@ForAll @Size(max = 25) List<@From("junkLine") String> lines) {
        String text = String.join("\n", lines);
        try {
            IetdConfigParser.Result result = IetdConfigParser.parseWithWarnings("junk.conf", text);
            for (ConfigWarning w : result.warnings()) {
                assertTrue(w.line() >= 1 && w.line() <= Math.max(1, lines.size()), w.toString());
            }
        } catch (ConfigException e) {
            assertTrue(e.line() >= 1 && e.line() <= Math.max(1, lines.size()), e.getMessage());
            assertTrue(e.getMessage().startsWith("junk.conf:" + e.line() + ": "), e.getMessage());
        }
    }

    @Property
    void ipv4PortalsRoundTrip(@ForAll @Size(4) List<@IntRange(min = 0, max = 255) Integer> octets,
                              @ForAll @IntRange(min = 1, max = 65535) int port) {
        PortalAddress portal = new PortalAddress(octets.get(0) + "." + octets.get(1) + "." + octets.get(2) + "."
                + octets.get(3), port);
        assertEquals(portal, PortalAddress.parse(portal.toString()));
    }

    @Property
    void ipv6PortalsRoundTrip(@ForAll @Size(16) byte[] address, @ForAll @IntRange(min = 1, max = 65535) int port)
            throws Exception {
        String host = InetAddress.getByAddress(address).getHostAddress();
        if (host.indexOf(':') < 0) {
            return; // an IPv4-mapped address comes back as IPv4 text, covered above
        }
        PortalAddress parsed = PortalAddress.parse("[" + host + "]:" + port);
        assertEquals(new PortalAddress(host, port), parsed);
        assertEquals(parsed, PortalAddress.parse(parsed.toString()));
    }

    private static long valueOf(TargetParameter parameter, TargetParameters p) {
        return switch (parameter) {
            case MAX_CONNECTIONS -> p.maxConnections();
            case MAX_SESSIONS -> p.maxSessions();
            case MAX_RECV_DATA_SEGMENT_LENGTH -> p.maxRecvDataSegmentLength();
            case MAX_XMIT_DATA_SEGMENT_LENGTH -> p.maxXmitDataSegmentLength();
            case MAX_BURST_LENGTH -> p.maxBurstLength();
            case FIRST_BURST_LENGTH -> p.firstBurstLength();
            case DEFAULT_TIME2WAIT -> p.defaultTime2Wait();
            case DEFAULT_TIME2RETAIN -> p.defaultTime2Retain();
            case MAX_OUTSTANDING_R2T -> p.maxOutstandingR2T();
            case ERROR_RECOVERY_LEVEL -> p.errorRecoveryLevel();
            case WTHREADS -> p.wthreads();
            case QUEUED_COMMANDS -> p.queuedCommands();
            case NOP_INTERVAL -> p.nopInterval();
            case NOP_TIMEOUT -> p.nopTimeout();
            default -> throw new AssertionError(parameter + " is not numeric");
        };
    }
}
