package io.jiet.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What IET accepted and jiet accepts too, but remarks on. */
class IetdConfigWarningsTest {

    private static final String TARGET = "Target iqn.2001-04.com.example:disk1\n";

    private static IetdConfigParser.Result parse(String text) throws ConfigException {
        return IetdConfigParser.parseWithWarnings("ietd.conf", text);
    }

    private static List<String> warnings(String text) throws ConfigException {
        return parse(text).warnings().stream().map(ConfigWarning::toString).toList();
    }

    @Test
    void octalNumbersAreReadAsIetReadThem() throws ConfigException {
        IetdConfigParser.Result result = parse(TARGET + "Lun 0 Path=/a\nMaxOutstandingR2T 010\n");
        assertEquals(8, result.config().targets().getFirst().parameters().maxOutstandingR2T());
        assertEquals(List.of("ietd.conf:3: MaxOutstandingR2T 010 has a leading zero and is read as octal (8), as IET"
                + " did"), result.warnings().stream().map(ConfigWarning::toString).toList());
    }

    @Test
    void laterParameterLineWins() throws ConfigException {
        IetdConfigParser.Result result = parse(TARGET + "Lun 0 Path=/a\nWthreads 4\nWthreads 12\n");
        assertEquals(12, result.config().targets().getFirst().parameters().wthreads());
        assertEquals(List.of("ietd.conf:4: Wthreads was already set on line 3; this line wins"),
                result.warnings().stream().map(ConfigWarning::toString).toList());
    }

    @Test
    void blockioWritesThroughUnlessReadOnlyAndWarnsAboutNeither() throws ConfigException {
        IetdConfigParser.Result result = parse(TARGET + "Lun 0 Path=/dev/sdb,Type=blockio\n"
                + "Lun 1 Path=/dev/sdc,Type=blockio,IOMode=wt\nLun 2 Path=/dev/sdd,Type=blockio,IOMode=ro\n");
        assertEquals(List.of(LunIoMode.WT, LunIoMode.WT, LunIoMode.RO), result.config().targets().getFirst().luns()
                .stream().map(LunDefinition::ioMode).toList());
        assertEquals(List.of(), result.warnings());
    }

    @Test
    void lunNumberingThatHostsMayNotScan() throws ConfigException {
        assertEquals(List.of(
                "ietd.conf:1: target iqn.2001-04.com.example:disk1 has no Lun 0; initiators expect LUN numbering to"
                        + " start at 0",
                "ietd.conf:1: target iqn.2001-04.com.example:disk1 skips Lun [2, 3]; some hosts (RDAC) only scan"
                        + " contiguous LUN numbers"),
                warnings(TARGET + "Lun 1 Type=nullio\nLun 4 Type=nullio\n"));
        assertEquals(List.of("ietd.conf:1: target iqn.2001-04.com.example:disk1 has no Lun lines"),
                warnings(TARGET));
    }

    @Test
    void repeatedIncomingUserReplacesTheEarlierSecret() throws ConfigException {
        IetdConfigParser.Result result = parse("IncomingUser joe firstsecret1\nIncomingUser ann annsecret123\n"
                + "IncomingUser joe secondsecret\n");
        assertEquals(List.of(new Account("joe", "secondsecret"), new Account("ann", "annsecret123")),
                result.config().incomingUsers());
        assertEquals(List.of("ietd.conf:3: IncomingUser joe was already defined on line 1 (discovery); this line"
                + " replaces it"), result.warnings().stream().map(ConfigWarning::toString).toList());
    }

    @Test
    void targetOutgoingUserReplaced() throws ConfigException {
        IetdConfigParser.Result result = parse(TARGET + "Lun 0 Path=/a\nOutgoingUser a aaaaaaaaaaaa\n"
                + "OutgoingUser b bbbbbbbbbbbb\n");
        assertEquals(Optional.of(new Account("b", "bbbbbbbbbbbb")),
                result.config().targets().getFirst().outgoingUser());
        assertEquals(List.of("ietd.conf:4: only one OutgoingUser is supported (target"
                + " iqn.2001-04.com.example:disk1); this line replaces a from line 3"),
                result.warnings().stream().map(ConfigWarning::toString).toList());
    }

    @Test
    void namesThatAreNotIscsiNames() throws ConfigException {
        assertEquals(List.of("ietd.conf:1: Target disk1 is not an iqn., eui. or naa. name (RFC 7143 §4.2.7); some"
                + " initiators refuse it"), warnings("Target disk1\nLun 0 Path=/a\n"));
    }

    @Test
    void isnsLinesInsideATargetAreStillAccepted() throws ConfigException {
        // IET's plain_portal_init scanned the whole file for the iSNS keywords.
        assertEquals(List.of("ietd.conf:3: iSNS is not implemented by jiet; iSNSServer isns.example.com is ignored"),
                warnings(TARGET + "Lun 0 Path=/a\niSNSServer isns.example.com\n"));
    }

    @Test
    void warningsComeInLineOrder() throws ConfigException {
        List<Integer> lines = parse("Target iqn.2001-04.com.example:a\nLun 1 Type=nullio\nIncomingUser x short\n"
                + "Target iqn.2001-04.com.example:b\nLun 0 Type=nullio\n").warnings().stream()
                .map(ConfigWarning::line).toList();
        assertEquals(List.of(1, 3), lines);
    }

    @Test
    void secretsNeverAppearInMessages() throws ConfigException {
        List<String> messages = warnings("IncomingUser joe s3cr3t\nOutgoingUser jim m0re\nOutgoingUser jim ev3n\n");
        for (String m : messages) {
            for (String secret : List.of("s3cr3t", "m0re", "ev3n")) {
                assertEquals(-1, m.indexOf(secret), m);
            }
        }
        assertEquals(4, messages.size());
    }
}
