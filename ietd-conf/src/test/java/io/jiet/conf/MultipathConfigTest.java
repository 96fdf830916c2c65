package io.jiet.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** jiet's multipath lines (Alua, TargetPortGroup, SendTargets, AluaTransitionTime) and the RDAC LUN keys. */
class MultipathConfigTest {

    private static final String PORTALS = "Portal 127.0.0.1:3260\nPortal 127.0.0.2:3260\n";
    private static final String TARGET = "Target iqn.2026-11.io.jiet:array\n";
    private static final String GROUPS = "TargetPortGroup 1 Portals=127.0.0.1:3260 State=active-optimized\n"
            + "TargetPortGroup 2 Portals=127.0.0.2:3260 State=standby\n";
    private static final String LUN = "Lun 0 Path=/srv/lun0.img\n";

    private static void assertFails(String text, int line, String problem) {
        ConfigException e = assertThrows(ConfigException.class, () -> IetdConfigParser.parse("ietd.conf", text));
        assertEquals("ietd.conf:" + line + ": " + problem, e.getMessage());
    }

    private static List<String> warnings(String text) throws ConfigException {
        return IetdConfigParser.parseWithWarnings("ietd.conf", text).warnings().stream()
                .map(ConfigWarning::toString).toList();
    }

    private static PortalGroups groups(String text) throws ConfigException {
        return IetdConfigParser.parse("ietd.conf", text).targets().getFirst().portalGroups();
    }

    // ---- mistakes, each with its line and the allowed values ----

    @Test
    void aluaValueNamesTheModes() {
        assertFails(PORTALS + TARGET + "Alua yes\n", 4, "Alua yes is not one of off, implicit, explicit, both");
    }

    @Test
    void aluaWithoutGroupsIsReportedOnTheAluaLine() {
        assertFails(PORTALS + TARGET + LUN + "Alua both\n" + LUN.replace("0", "1"), 5, "Alua both needs"
                + " TargetPortGroup lines that put every Portal of target iqn.2026-11.io.jiet:array into a group,"
                + " e.g. TargetPortGroup 1 Portals=10.0.0.1:3260 State=active-optimized");
    }

    @Test
    void portalInNoGroupIsReportedOnTheTargetLine() {
        assertFails("Portal 127.0.0.1:3260\nPortal 127.0.0.2:3260\nPortal 127.0.0.3:3260\n\n" + TARGET
                        + "Alua both\n" + GROUPS + LUN, 5,
                "target iqn.2026-11.io.jiet:array has TargetPortGroup lines, but Portal 127.0.0.3:3260 (line 3) is"
                        + " in none of its groups 1 (line 7), 2 (line 8); add each Portal to exactly one"
                        + " TargetPortGroup");
    }

    @Test
    void twoPortalsInNoGroup() {
        assertFails(PORTALS + "Portal [::1]:3260\n" + TARGET + "TargetPortGroup 7 Portals=127.0.0.2:3260\n", 4,
                "target iqn.2026-11.io.jiet:array has TargetPortGroup lines, but Portal 127.0.0.1:3260 (line 1),"
                        + " Portal [::1]:3260 (line 3) are in none of its groups 7 (line 5); add each Portal to"
                        + " exactly one TargetPortGroup");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1 Portals=127.0.0.1:3260 State=optimized | TargetPortGroup 1: State optimized is not one of"
                + " active-optimized, active-nonoptimized, standby, unavailable, offline, transitioning",
        "1 Portals=127.0.0.9:3260 | TargetPortGroup 1: Portal 127.0.0.9:3260 is not one of the Portal lines"
                + " (127.0.0.1:3260, 127.0.0.2:3260)",
        "1 Portals=127.0.0.1:3261 | TargetPortGroup 1: Portal 127.0.0.1:3261 is not one of the Portal lines"
                + " (127.0.0.1:3260, 127.0.0.2:3260)",
        "1 Portals=127.0.0.1,127.0.0.1:3260 | TargetPortGroup 1: Portal 127.0.0.1:3260 is listed twice",
        "1 State=standby | TargetPortGroup 1: Portals= is missing; name this group's portals, e.g."
                + " Portals=10.0.0.1:3260,10.0.1.1:3260",
        "1 Portals=127.0.0.1 Preferred=maybe | TargetPortGroup 1: Preferred maybe is not yes or no",
        "1 Portals=127.0.0.1 Owner=yes | TargetPortGroup 1: unknown parameter Owner; allowed keys: Portals, State,"
                + " Preferred",
        "1 Portals=127.0.0.1 active-optimized | TargetPortGroup 1: active-optimized is not KEY=VALUE; allowed"
                + " keys: Portals, State, Preferred",
        "1 Portals=127.0.0.1 State=standby state=offline | TargetPortGroup 1: state is given twice",
        "1 Portals=127.0.0.1:99999 | TargetPortGroup 1: Portals 127.0.0.1:99999: port 99999 is out of range"
                + " 1..65535",
        "0 Portals=127.0.0.1 | TargetPortGroup id 0 is out of range 1..65535",
        "65536 Portals=127.0.0.1 | TargetPortGroup id 65536 is out of range 1..65535",
        "A Portals=127.0.0.1 | TargetPortGroup id A is not a number in range 1..65535",
        "'' | TargetPortGroup needs an id and its portals, e.g. TargetPortGroup 1 Portals=10.0.0.1:3260"
                + " State=active-optimized",
    })
    void badTargetPortGroupLine(String words, String problem) {
        assertFails(PORTALS + TARGET + "TargetPortGroup " + words + "\n", 4, problem);
    }

    @Test
    void groupIdTwice() {
        assertFails(PORTALS + TARGET + "TargetPortGroup 1 Portals=127.0.0.1\nTargetPortGroup 1"
                + " Portals=127.0.0.2\n", 5, "TargetPortGroup 1 is already defined on line 4 for target"
                + " iqn.2026-11.io.jiet:array");
    }

    @Test
    void portalInTwoGroups() {
        assertFails(PORTALS + TARGET + "TargetPortGroup 1 Portals=127.0.0.1\nTargetPortGroup 2"
                        + " Portals=127.0.0.2,127.0.0.1:3260\n", 5,
                "TargetPortGroup 2: Portal 127.0.0.1:3260 is already in TargetPortGroup 1 (line 4); a portal"
                        + " belongs to one group of a target");
    }

    @Test
    void groupsNeedPortalLines() {
        assertFails(TARGET + "TargetPortGroup 1 Portals=127.0.0.1:3260\n", 2, "TargetPortGroup 1: the file has"
                + " no Portal lines; every portal of a TargetPortGroup must also be a global Portal line (e.g."
                + " Portal 127.0.0.1:3260 before the first Target)");
    }

    @Test
    void targetPortGroupOutsideATarget() {
        assertFails(PORTALS + "TargetPortGroup 1 Portals=127.0.0.1\n", 3,
                "TargetPortGroup belongs inside a Target block; there is no Target line before it");
    }

    @Test
    void sendTargetsValueNamesTheShapes() {
        assertFails(TARGET + "SendTargets multi-iqn\n", 2,
                "SendTargets multi-iqn is not one of all-portals, per-portal");
    }

    @Test
    void perPortalNeedsAnIqnName() {
        assertFails(PORTALS + "Target eui.0123456789abcdef\n" + LUN + "SendTargets per-portal\n", 5,
                "SendTargets per-portal derives one name per portal by appending .HOST-PORT, which only iqn."
                        + " names allow; target eui.0123456789abcdef is not an iqn. name");
    }

    @Test
    void perPortalNameMustNotBeAnotherTargetsName() {
        assertFails(PORTALS + TARGET + "SendTargets per-portal\n" + LUN
                        + "Target iqn.2026-11.io.jiet:array.127.0.0.2-3260\n" + LUN, 4,
                "SendTargets per-portal: the name iqn.2026-11.io.jiet:array.127.0.0.2-3260 for Portal"
                        + " 127.0.0.2:3260 is the name of the Target on line 6");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "256  | AluaTransitionTime 256 is out of range 0..255 (seconds)",
        "-1   | AluaTransitionTime -1 is out of range 0..255 (seconds)",
        "10s  | AluaTransitionTime 10s is not a number in range 0..255 (seconds)",
    })
    void badTransitionTime(String value, String problem) {
        assertFails(TARGET + "AluaTransitionTime " + value + "\n", 2, problem);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Rdac=true     | Lun 0: Rdac true is not yes or no",
        "thin=1        | Lun 0: thin 1 is not yes or no",
        "Identity=wwn  | Lun 0: Identity wwn is not iet or naa",
        "ProductId=DS4800-CONTROLLER-A | Lun 0: ProductId DS4800-CONTROLLER-A must be at most 16 printable ASCII"
                + " characters",
        "ProductRev=09160 | Lun 0: ProductRev 09160 must be at most 4 printable ASCII characters",
    })
    void badLunExtension(String option, String problem) {
        assertFails(TARGET + "Lun 0 Path=/a," + option + "\n", 2, problem);
    }

    // ---- what is accepted ----

    @ParameterizedTest
    @EnumSource(AsymmetricAccessState.class)
    void everyStateByItsKeywordInAnyCase(AsymmetricAccessState state) throws ConfigException {
        PortalGroups g = groups(PORTALS + TARGET + "Alua explicit\nTargetPortGroup 1 Portals=127.0.0.1,127.0.0.2"
                + " State=" + state.keyword().toUpperCase(java.util.Locale.ROOT) + "\n" + LUN);
        assertEquals(state, g.group(1).orElseThrow().state());
    }

    @Test
    void stateCodesAreSpc4s() {
        assertEquals(List.of(0x0, 0x1, 0x2, 0x3, 0xE, 0xF),
                java.util.Arrays.stream(AsymmetricAccessState.values()).map(AsymmetricAccessState::code).toList());
    }

    @Test
    void aluaModesMapToTpgs() throws ConfigException {
        for (AluaMode mode : AluaMode.values()) {
            String alua = "Alua " + mode.keyword().toUpperCase(java.util.Locale.ROOT) + "\n";
            assertEquals(mode, groups(PORTALS + TARGET + alua + GROUPS + LUN).alua());
        }
        assertEquals(List.of(0, 1, 2, 3), java.util.Arrays.stream(AluaMode.values()).map(AluaMode::tpgs).toList());
    }

    @Test
    void defaultsOfATargetPortGroupLine() throws ConfigException {
        PortalGroups g = groups(PORTALS + TARGET + "Alua both\nTargetPortGroup 65535 portals=127.0.0.2:3260\n"
                + "TargetPortGroup 1 PORTALS=127.0.0.1\n" + LUN);
        TargetPortGroupDefinition high = g.group(65535).orElseThrow();
        assertEquals(AsymmetricAccessState.ACTIVE_OPTIMIZED, high.state());
        assertEquals(false, high.preferred());
        assertEquals(OptionalInt.of(65535), g.portalGroupTag(new PortalAddress("127.0.0.2", 3260)));
        assertEquals(OptionalInt.of(1), g.portalGroupTag(new PortalAddress("127.0.0.1", 3260)));
        assertEquals(List.of(65535, 1), g.groups().stream().map(TargetPortGroupDefinition::id).toList(),
                "file order");
    }

    @Test
    void ietConfigsKeepOneGroupWithTagOne() throws ConfigException {
        PortalGroups g = groups(PORTALS + TARGET + LUN);
        assertEquals(PortalGroups.IET_DEFAULT, g);
        assertEquals(OptionalInt.of(1), g.portalGroupTag(new PortalAddress("127.0.0.2", 3260)));
        assertEquals(OptionalInt.of(1), g.portalGroupTag(new PortalAddress("0.0.0.0", 3260)));
    }

    @Test
    void groupsMayDifferBetweenTargets() throws ConfigException {
        IetdConfig config = IetdConfigParser.parse("ietd.conf", PORTALS + TARGET + GROUPS + LUN
                + "Target iqn.2026-11.io.jiet:other\nTargetPortGroup 9 Portals=127.0.0.1,127.0.0.2\n" + LUN);
        assertEquals(OptionalInt.of(2), config.targets().get(0).portalGroups()
                .portalGroupTag(new PortalAddress("127.0.0.2", 3260)));
        assertEquals(OptionalInt.of(9), config.targets().get(1).portalGroups()
                .portalGroupTag(new PortalAddress("127.0.0.2", 3260)));
    }

    @Test
    void perPortalNamesOfIpv6AndScopedAddresses() {
        assertEquals("iqn.x:y.fd00::5-3261", SendTargetsShape.perPortalName("iqn.x:y", "FD00::5", 3261));
        assertEquals("iqn.x:y.fe80::1-3260", SendTargetsShape.perPortalName("iqn.x:y", "[fe80::1%eth0]", 3260));
        // RFC 5952: the socket's long form and the file's short form give one name.
        assertEquals("iqn.x:y.fd00::5-3260", SendTargetsShape.perPortalName("iqn.x:y", "fd00:0:0:0:0:0:0:5", 3260));
        assertEquals("iqn.x:y.2001:db8::1:0:0:1-3260",
                SendTargetsShape.perPortalName("iqn.x:y", "2001:db8:0:0:1:0:0:1", 3260), "first of equal runs");
        assertEquals("iqn.x:y.2001:db8:0:1:1:1:1:1-3260",
                SendTargetsShape.perPortalName("iqn.x:y", "2001:0db8:0:1:1:1:1:1", 3260), "one zero group stays");
        assertEquals("iqn.x:y.::-3260", SendTargetsShape.perPortalName("iqn.x:y", "0:0:0:0:0:0:0:0", 3260));
        assertEquals("iqn.x:y.::1-3260", SendTargetsShape.perPortalName("iqn.x:y", "0:0:0:0:0:0:0:1", 3260));
        assertEquals("iqn.x:y.fe80::-3260", SendTargetsShape.perPortalName("iqn.x:y", "fe80:0:0:0:0:0:0:0", 3260));
        assertEquals("iqn.x:y.10.0.0.1-3260", SendTargetsShape.perPortalName("iqn.x:y", "::ffff:10.0.0.1", 3260));
        assertEquals("iqn.x:y", SendTargetsShape.ALL_PORTALS.advertisedName("iqn.x:y", "10.0.0.1", 3260));
    }

    // ---- warnings ----

    @Test
    void rdacWithoutIdentityOrControllers() throws ConfigException {
        assertEquals(List.of(
                "ietd.conf:2: Lun 0: Rdac=yes without VendorId and ProductId; hosts attach scsi_dh_rdac by vendor"
                        + " and product, e.g. VendorId=IBM,ProductId=1815",
                "ietd.conf:2: Lun 0: Rdac=yes on target iqn.2026-11.io.jiet:array with 0 TargetPortGroup line(s);"
                        + " RDAC ownership moves between controllers, one TargetPortGroup each"),
                warnings(TARGET + "Lun 0 Path=/a,Rdac=yes\n"));
        assertEquals(List.of(), warnings(PORTALS + TARGET + GROUPS
                + "Lun 0 Path=/a,Rdac=yes,VendorId=IBM,ProductId=1815\n"));
    }

    @Test
    void transitionTimeWithoutAlua() throws ConfigException {
        assertEquals(List.of("ietd.conf:3: AluaTransitionTime has no effect while target"
                + " iqn.2026-11.io.jiet:array has Alua off"), warnings(TARGET + LUN + "AluaTransitionTime 5\n"));
    }

    @Test
    void repeatedAluaLine() throws ConfigException {
        IetdConfigParser.Result r = IetdConfigParser.parseWithWarnings("ietd.conf",
                PORTALS + TARGET + "Alua both\n" + GROUPS + LUN + "Alua implicit\n");
        assertEquals(AluaMode.IMPLICIT, r.config().targets().getFirst().portalGroups().alua());
        assertEquals(List.of("ietd.conf:8: Alua was already set on line 4; this line wins"),
                r.warnings().stream().map(ConfigWarning::toString).toList());
    }
}
