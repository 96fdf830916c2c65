package io.jiet.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Realistic files, as installed bases wrote them, parsed to the model field by field. */
class IetdConfigCorpusTest {

    private static IetdConfigParser.Result parse(String name) throws Exception {
        return IetdConfigParser.parseWithWarnings(corpus(name));
    }

    private static Path corpus(String name) throws URISyntaxException {
        return Path.of(IetdConfigCorpusTest.class.getResource("/corpus/" + name).toURI());
    }

    private static List<String> messages(IetdConfigParser.Result result) {
        return result.warnings().stream().map(ConfigWarning::toString).toList();
    }

    @Test
    void manPageExample() throws Exception {
        IetdConfigParser.Result result = parse("iet-manpage-example.conf");
        IetdConfig config = result.config();
        assertEquals(corpus("iet-manpage-example.conf").toString(), config.source());
        assertEquals(List.of(new Account("joe", "secretsecret")), config.incomingUsers());
        assertEquals(Optional.of(new Account("jack", "secret2secret2")), config.outgoingUser());
        assertEquals(List.of(), config.portals());
        assertEquals(1, config.targets().size());

        TargetDefinition t = config.targets().getFirst();
        assertEquals(1, t.tid());
        assertEquals("iqn.2001-04.com.example:storage.disk2.sys1.xyz", t.name());
        assertEquals(4, t.line());
        assertEquals(Optional.of("Test"), t.alias());
        assertEquals(List.of(new Account("jim", "othersecret")), t.incomingUsers());
        assertEquals(Optional.of(new Account("james", "yetanothersecret")), t.outgoingUser());

        TargetParameters p = t.parameters();
        assertFalse(p.immediateData(), "ImmediateData No");
        assertEquals(8, p.maxOutstandingR2T());
        assertEquals(TargetParameters.IET_DEFAULTS.maxBurstLength(), p.maxBurstLength());
        assertEquals(List.of("None"), p.headerDigest());

        LunDefinition lun0 = t.luns().get(0);
        assertEquals(0, lun0.lun());
        assertEquals("fileio", lun0.type());
        assertEquals(Optional.of("/dev/sdc"), lun0.path());
        assertEquals(LunIoMode.WT, lun0.ioMode());
        assertEquals(512, lun0.blockSize());
        assertEquals(Optional.empty(), lun0.blocks());
        assertEquals(7, lun0.line());

        LunDefinition lun1 = t.luns().get(1);
        assertEquals("nullio", lun1.type());
        assertEquals(Optional.empty(), lun1.path());
        assertEquals(Optional.of(10000L), lun1.blocks());
        // "jim othersecret" is 11 characters: the only remark.
        assertEquals(List.of(corpus("iet-manpage-example.conf") + ":5: the secret of IncomingUser jim is shorter"
                + " than 12 characters; Microsoft's initiator refuses such secrets"), messages(result));
    }

    @Test
    void shippedSampleWithEverythingButOneLunCommentedOut() throws Exception {
        IetdConfigParser.Result result = parse("iet-shipped-sample.conf");
        IetdConfig config = result.config();
        assertEquals(List.of(), config.incomingUsers());
        assertEquals(Optional.empty(), config.outgoingUser());
        TargetDefinition t = config.targets().getFirst();
        assertEquals(TargetParameters.IET_DEFAULTS, t.parameters());
        assertEquals(Optional.empty(), t.alias());
        LunDefinition lun = t.luns().getFirst();
        assertEquals(Optional.of("xyz"), lun.scsiId());
        assertEquals(Optional.of("xyz"), lun.scsiSn());
        assertEquals(Map.of(), lun.extraOptions());
        assertEquals(List.of(), result.warnings());
    }

    @Test
    void debianVaultWithTwoAliasLines() throws Exception {
        IetdConfigParser.Result result = parse("seed1-debian-vault.conf");
        TargetDefinition t = result.config().targets().getFirst();
        assertEquals("iqn.2008-01.com.example:storage.vault", t.name());
        assertEquals(Optional.of("vault2"), t.alias(), "IET ignored Alias; jiet keeps the last one");
        assertEquals(List.of("/dev/mapper/vg00-vault1", "/dev/mapper/vg00-vault2"),
                t.luns().stream().map(l -> l.path().orElseThrow()).toList());
        assertEquals(List.of(new Account("xenhost", "vaultsecret123")), result.config().incomingUsers());
        assertEquals(List.of("target iqn.2008-01.com.example:storage.vault already has Alias vault1 from line 6;"
                + " vault2 replaces it"), result.warnings().stream().map(ConfigWarning::message).toList());
        assertEquals(8, result.warnings().getFirst().line());
    }

    @Test
    void drbdPairSharesTheScsiId() throws Exception {
        TargetDefinition t = IetdConfigParser.parse(corpus("seed1-drbd-same-scsiid.conf")).targets().getFirst();
        LunDefinition lun = t.luns().getFirst();
        assertEquals(Optional.of("149455403f160c00"), lun.scsiId());
        assertEquals(Optional.empty(), lun.scsiSn());
        assertEquals(Optional.of("/dev/drbd0"), lun.path());
        assertEquals(1, t.parameters().maxConnections());
    }

    @Test
    void xenServerPortalMode() throws Exception {
        IetdConfigParser.Result result = parse("seed2-xenserver-portals.conf");
        IetdConfig config = result.config();
        assertEquals(List.of(new PortalAddress("10.10.1.5", 3260), new PortalAddress("10.10.2.5", 3260),
                new PortalAddress("fd00:10:3::5", 3261)), config.portals());
        TargetDefinition t = config.targets().getFirst();
        assertEquals(List.of(0, 1, 2, 3), t.luns().stream().map(LunDefinition::lun).toList());
        assertEquals(List.of("blockio", "blockio", "blockio", "fileio"),
                t.luns().stream().map(LunDefinition::type).toList());
        assertEquals(Optional.of("XENSR0000000002"), t.lun(1).orElseThrow().scsiSn());
        assertEquals(Optional.empty(), t.lun(4));
        assertEquals(LunIoMode.RO, t.luns().get(3).ioMode());
        assertFalse(t.parameters().initialR2T());
        assertTrue(t.parameters().immediateData());
        assertEquals(List.of(), result.warnings());
    }

    @Test
    void xenServerMultiIqnGetsTidsInFileOrder() throws Exception {
        IetdConfig config = IetdConfigParser.parse(corpus("seed2-xenserver-multi-iqn.conf"));
        assertEquals(List.of(1, 2, 3), config.targets().stream().map(TargetDefinition::tid).toList());
        assertEquals(List.of("iqn.2012-06.com.example:xen.sr.path-a", "iqn.2012-06.com.example:xen.sr.path-b",
                "iqn.2012-06.com.example:xen.sr.path-c"),
                config.targets().stream().map(TargetDefinition::name).toList());
        assertEquals(List.of(5, 7, 9), config.targets().stream().map(TargetDefinition::line).toList());
        assertEquals(2, config.target("IQN.2012-06.com.example:XEN.SR.PATH-B").orElseThrow().tid());
        assertEquals(Optional.empty(), config.target("iqn.2012-06.com.example:xen.sr.path-d"));
        for (TargetDefinition t : config.targets()) {
            assertEquals(Optional.of("xensr0shared"), t.luns().getFirst().scsiId());
        }
        assertEquals(2, config.portals().size());
    }

    @Test
    void rdacArrayWithOneGroupPerController() throws Exception {
        IetdConfigParser.Result result = parse("seed3-rdac-contiguous.conf");
        TargetDefinition t = result.config().targets().getFirst();
        assertEquals(4, t.luns().size());
        assertEquals(Map.of("vendorid", "IBM", "productid", "1815", "productrev", "0916", "rdac", "Yes"),
                t.luns().get(2).extraOptions());
        for (LunDefinition lun : t.luns()) {
            assertTrue(lun.rdac(), "Rdac=yes in any case");
            assertEquals(Optional.of("IBM"), lun.vendorId());
            assertEquals(Optional.of("1815"), lun.productId());
            assertEquals(Optional.of("0916"), lun.productRev());
            assertFalse(lun.thin());
        }
        PortalGroups groups = t.portalGroups();
        assertEquals(AluaMode.OFF, groups.alua(), "RDAC LUs report TPGS=0; the target needs no Alua line");
        assertEquals(List.of(1, 2), groups.groups().stream().map(TargetPortGroupDefinition::id).toList());
        assertEquals(List.of(new PortalAddress("192.168.70.10", 3260)), groups.group(1).orElseThrow().portals());
        assertTrue(groups.group(1).orElseThrow().preferred());
        assertFalse(groups.group(2).orElseThrow().preferred());
        assertEquals(AsymmetricAccessState.ACTIVE_NONOPTIMIZED, groups.group(2).orElseThrow().state());
        assertEquals(java.util.OptionalInt.of(2), groups.portalGroupTag(new PortalAddress("192.168.71.10", 3260)));
        assertEquals(64, t.parameters().queuedCommands());
        assertEquals(16, t.parameters().wthreads());
        assertEquals(List.of(), result.warnings(), "contiguous from 0, two controllers: nothing to warn about");
    }

    @Test
    void aluaArrayOfTheMultipathIssue() throws Exception {
        IetdConfigParser.Result result = parse("alua-array.conf");
        TargetDefinition t = result.config().targets().getFirst();
        PortalGroups groups = t.portalGroups();
        assertEquals(AluaMode.BOTH, groups.alua());
        assertEquals(3, groups.alua().tpgs());
        assertEquals(List.of(new TargetPortGroupDefinition(1, List.of(new PortalAddress("127.0.0.1", 3260)),
                        AsymmetricAccessState.ACTIVE_OPTIMIZED, true, 6),
                new TargetPortGroupDefinition(2, List.of(new PortalAddress("127.0.0.2", 3260)),
                        AsymmetricAccessState.ACTIVE_NONOPTIMIZED, false, 7)), groups.groups());
        assertEquals(SendTargetsShape.ALL_PORTALS, groups.sendTargets());
        assertEquals(0, groups.transitionTimeSeconds());
        assertEquals(java.util.OptionalInt.of(1), groups.portalGroupTag(new PortalAddress("127.0.0.1", 3260)));
        assertEquals(java.util.OptionalInt.empty(), groups.portalGroupTag(new PortalAddress("127.0.0.3", 3260)),
                "a portal outside every group does not reach the target");
        LunDefinition lun0 = t.lun(0).orElseThrow();
        assertFalse(lun0.rdac());
        assertEquals(Optional.of("array0001"), lun0.scsiId());
        LunDefinition lun1 = t.lun(1).orElseThrow();
        assertTrue(lun1.rdac());
        assertEquals(Optional.of("IBM"), lun1.vendorId());
        assertEquals(Optional.empty(), lun1.productRev());
        assertEquals("iqn.2026-11.io.jiet:array", t.advertisedName("127.0.0.2", 3260));
        assertEquals(List.of(), result.warnings());
    }

    @Test
    void xenServerPerPortalNames() throws Exception {
        IetdConfigParser.Result result = parse("seed2-xenserver-per-portal.conf");
        IetdConfig config = result.config();
        TargetDefinition t = config.targets().getFirst();
        assertEquals(SendTargetsShape.PER_PORTAL, t.portalGroups().sendTargets());
        assertFalse(t.portalGroups().hasGroups());
        assertEquals(java.util.OptionalInt.of(1), t.portalGroups().portalGroupTag(new PortalAddress("10.20.2.5",
                3260)), "IET's single portal group, tag 1");
        assertEquals("iqn.2012-06.com.example:xen.sr0.10.20.1.5-3260", t.advertisedName("10.20.1.5", 3260));
        assertEquals("iqn.2012-06.com.example:xen.sr0.10.20.2.5-3260", t.advertisedName("10.20.2.5", 3260));
        assertEquals(Optional.of(t), config.targetForLogin("iqn.2012-06.com.example:xen.sr0.10.20.2.5-3260",
                "10.20.2.5", 3260));
        assertEquals(Optional.of(t), config.targetForLogin("IQN.2012-06.com.example:XEN.SR0", "10.20.2.5", 3260),
                "the target's own name works on every portal");
        assertEquals(Optional.empty(), config.targetForLogin("iqn.2012-06.com.example:xen.sr0.10.20.2.5-3260",
                "10.20.1.5", 3260), "a per-portal name belongs to its portal");
        assertEquals(List.of(), result.warnings());
    }

    @Test
    void evaImplicitFailoverWithTwoPortalsPerController() throws Exception {
        IetdConfigParser.Result result = parse("seed4-eva-alua-implicit.conf");
        PortalGroups groups = result.config().targets().getFirst().portalGroups();
        assertEquals(AluaMode.IMPLICIT, groups.alua());
        assertTrue(groups.alua().implicitTransitions());
        assertFalse(groups.alua().explicitTransitions());
        assertEquals(10, groups.transitionTimeSeconds());
        assertEquals(2, groups.group(2).orElseThrow().portals().size());
        assertEquals(AsymmetricAccessState.STANDBY, groups.groupOf(new PortalAddress("10.1.2.21", 3260))
                .orElseThrow().state());
        assertEquals(List.of(), result.warnings());
    }

    @Test
    void md36xxRdacLunInsideAnAluaTarget() throws Exception {
        IetdConfigParser.Result result = parse("seed5-md36xx-rdac-alua.conf");
        TargetDefinition t = result.config().targets().getFirst();
        assertEquals(AluaMode.EXPLICIT, t.portalGroups().alua());
        assertEquals(List.of(true, false, false), t.luns().stream().map(LunDefinition::rdac).toList());
        assertEquals(Optional.of("MD36xxi"), t.lun(0).orElseThrow().productId());
        assertEquals(Optional.of("UniversalXport"), t.lun(2).orElseThrow().productId());
        assertEquals(List.of(), result.warnings());
    }

    @Test
    void evaSharedLunWithTwoHostAccounts() throws Exception {
        TargetDefinition t = IetdConfigParser.parse(corpus("seed4-eva-shared-lun.conf")).targets().getFirst();
        assertEquals(List.of(new Account("sles-a", "sles-a-secret!"), new Account("sles-b", "sles-b-secret!")),
                t.incomingUsers());
        LunDefinition lun = t.luns().getFirst();
        assertEquals(LunIoMode.WT, lun.ioMode());
        assertEquals(Map.of("identity", "modern", "thin", "no"), lun.extraOptions());
        assertTrue(lun.modernIdentity());
        assertFalse(lun.thin());
        assertEquals(PortalGroups.IET_DEFAULT, t.portalGroups());
        assertEquals(2, t.parameters().maxSessions());
        assertEquals(5, t.parameters().nopInterval());
        assertEquals(10, t.parameters().nopTimeout());
    }

    @Test
    void nullioSizes() throws Exception {
        List<LunDefinition> luns = IetdConfigParser.parse(corpus("nullio-bench.conf")).targets().getFirst().luns();
        // IET's null-io.c: 64 GiB worth of blocks when no size is given.
        assertEquals(Optional.of((64L << 30) / 512), luns.get(0).blocks());
        assertEquals(Optional.of(2097152L), luns.get(1).blocks());
        assertEquals(4096, luns.get(2).blockSize());
        assertEquals(Optional.of((64L << 30) / 4096), luns.get(2).blocks());
        assertEquals(Optional.of(10000L), luns.get(3).blocks(), "Sectors is the old name of Blocks");
        assertEquals(4096, luns.get(3).blockSize());
        assertTrue(luns.stream().allMatch(l -> l.type().equals("nullio") && l.path().isEmpty()));
    }

    @Test
    void digestsAndKeywordCase() throws Exception {
        IetdConfig config = IetdConfigParser.parse(corpus("digests-lowercase.conf"));
        TargetDefinition both = config.targets().get(0);
        assertEquals(List.of("CRC32C", "None"), both.parameters().headerDigest());
        assertEquals(List.of("CRC32C"), both.parameters().dataDigest());
        assertFalse(both.parameters().initialR2T());
        LunDefinition lun = both.luns().getFirst();
        assertEquals(Optional.of("/var/lib/iscsi/disk0.img"), lun.path());
        assertEquals(LunIoMode.WB, lun.ioMode());
        TargetDefinition noneFirst = config.targets().get(1);
        assertEquals(List.of("None", "CRC32C"), noneFirst.parameters().headerDigest());
        assertEquals(List.of("None"), noneFirst.parameters().dataDigest());
        assertEquals("fileio", noneFirst.luns().getFirst().type(), "Type defaults to fileio");
    }

    @Test
    void chapAccountsAndReplacedOutgoingUser() throws Exception {
        IetdConfigParser.Result result = parse("chap-accounts.conf");
        IetdConfig config = result.config();
        assertEquals(List.of("discovery-a", "discovery-b"),
                config.incomingUsers().stream().map(Account::user).toList());
        assertEquals(Optional.of(new Account("target-new", "newnewnewnew2")), config.outgoingUser());
        TargetDefinition data = config.targets().get(0);
        assertEquals(List.of("dbhost1", "dbhost2"), data.incomingUsers().stream().map(Account::user).toList());
        assertEquals(Optional.of(new Account("dbtarget", "dbtargetsecret")), data.outgoingUser());
        TargetDefinition logs = config.targets().get(1);
        assertEquals(List.of(), logs.incomingUsers());
        assertEquals(Optional.empty(), logs.outgoingUser());
        assertEquals(List.of(corpus("chap-accounts.conf") + ":5: only one OutgoingUser is supported (discovery);"
                + " this line replaces target-old from line 4"), messages(result));
    }

    @Test
    void commentsContinuationsAndCrlf() throws Exception {
        IetdConfigParser.Result result = parse("comments-everywhere.conf");
        IetdConfig config = result.config();
        assertEquals(List.of(new Account("ops", "opsopsopsops1")), config.incomingUsers());
        TargetDefinition t = config.targets().getFirst();
        assertEquals("iqn.2015-02.com.example:lab.disk", t.name());
        assertEquals(6, t.line());
        assertEquals(Optional.of("Lab disk number one"), t.alias());
        LunDefinition lun = t.luns().getFirst();
        assertEquals(9, lun.line(), "a continued statement reports its first line");
        assertEquals(Optional.of("/srv/lab/disk0.img"), lun.path());
        assertEquals("fileio", lun.type());
        assertEquals(Optional.of("LAB0"), lun.scsiSn());
        assertEquals(262144, t.parameters().maxRecvDataSegmentLength());
        assertEquals(1048576, t.parameters().maxBurstLength());
        assertEquals(List.of(), result.warnings());
    }

    @Test
    void everyParameterTuned() throws Exception {
        IetdConfigParser.Result result = parse("tuned-parameters.conf");
        TargetParameters expected = new TargetParameters(4, 16, false, false, 0x40000, 65536, 1048576, 262144,
                5, 60, 16, false, false, 1, List.of("CRC32C"), List.of("CRC32C", "None"), 4, 128, 30, 90);
        assertEquals(expected, result.config().targets().getFirst().parameters());
        assertEquals(List.of(), result.warnings());
    }

    @Test
    void isnsLinesAreWarnedAboutAndHostNamePortalsKept() throws Exception {
        IetdConfigParser.Result result = parse("isns-and-hostname-portal.conf");
        assertEquals(List.of(new PortalAddress("san1.storage.example.com", 3262),
                new PortalAddress("0.0.0.0", 3260)), result.config().portals());
        assertEquals(List.of(1, 2), result.warnings().stream().map(ConfigWarning::line).toList());
        assertTrue(result.warnings().get(0).message().startsWith("iSNS is not implemented"));
        assertEquals(Optional.empty(), result.config().targets().getFirst().luns().getFirst().scsiId());
    }
}
