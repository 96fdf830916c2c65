package io.jiet.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiet.conf.access.AccessRules;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The repository's examples/ (one per seed deployment) parse cleanly and say what their comments promise. */
class ExamplesTest {

    /** Surefire runs in the module directory; examples/ is beside it. */
    private static Path examples() {
        Path dir = Path.of("").toAbsolutePath().resolveSibling("examples");
        assertTrue(Files.isDirectory(dir), dir + " is missing");
        return dir;
    }

    static Stream<Path> configs() throws IOException {
        try (Stream<Path> files = Files.list(examples())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".conf")).sorted().toList().stream();
        }
    }

    private static TargetDefinition only(String file) throws Exception {
        IetdConfig config = IetdConfigParser.parse(examples().resolve(file));
        assertEquals(1, config.targets().size());
        return config.targets().getFirst();
    }

    @ParameterizedTest
    @MethodSource("configs")
    void parsesWithoutWarnings(Path file) throws Exception {
        IetdConfigParser.Result result = IetdConfigParser.parseWithWarnings(file);
        assertEquals(List.of(), result.warnings());
        assertFalse(result.config().targets().isEmpty());
    }

    @Test
    void oneExamplePerSeedDeployment() throws IOException {
        assertEquals(List.of("alua-array.conf", "drbd-san-a.conf", "drbd-san-b.conf", "ds4800-rdac.conf",
                "eva-shared-lun.conf", "xenserver-multi-iqn.conf", "xenserver-multi-portal.conf"),
                configs().map(p -> p.getFileName().toString()).toList());
    }

    @Test
    void drbdServersShareTheScsiIdUnderDifferentNames() throws Exception {
        TargetDefinition a = only("drbd-san-a.conf");
        TargetDefinition b = only("drbd-san-b.conf");
        assertEquals(Optional.of("149455403f160c00"), a.lun(0).orElseThrow().scsiId());
        assertEquals(a.lun(0).orElseThrow().scsiId(), b.lun(0).orElseThrow().scsiId());
        assertFalse(a.name().equals(b.name()));
    }

    @Test
    void xenServerShapes() throws Exception {
        assertEquals(SendTargetsShape.ALL_PORTALS, only("xenserver-multi-portal.conf").portalGroups().sendTargets());
        TargetDefinition multiIqn = only("xenserver-multi-iqn.conf");
        assertEquals("iqn.2012-06.com.example:xen.pool2.10.10.2.5-3260", multiIqn.advertisedName("10.10.2.5", 3260),
                "the name its comment promises");
    }

    @Test
    void rdacArrayHasTwoControllersAndIbmIdentity() throws Exception {
        TargetDefinition t = only("ds4800-rdac.conf");
        assertEquals(2, t.portalGroups().groups().size());
        assertTrue(t.luns().stream().allMatch(l -> l.rdac() && l.vendorId().equals(Optional.of("IBM"))
                && l.productId().equals(Optional.of("1815"))));
        assertEquals(List.of(0, 1, 2), t.luns().stream().map(LunDefinition::lun).toList());
    }

    @Test
    void aluaArrayIsTheIssuesShape() throws Exception {
        TargetDefinition t = only("alua-array.conf");
        assertEquals(AluaMode.BOTH, t.portalGroups().alua());
        assertEquals(List.of(AsymmetricAccessState.ACTIVE_OPTIMIZED, AsymmetricAccessState.ACTIVE_NONOPTIMIZED),
                t.portalGroups().groups().stream().map(TargetPortGroupDefinition::state).toList());
        assertTrue(t.lun(1).orElseThrow().rdac());
    }

    @Test
    void accessFileExamplesDecideAsTheirCommentsSay() {
        List<String> remarks = new ArrayList<>();
        AccessRules rules = AccessRules.in(List.of(examples()), remarks::add);
        assertTrue(rules.initiatorAllowed("iqn.2026-11.io.jiet:array", "iqn.1993-08.org.debian:01:abc",
                InetAddress.ofLiteral("192.0.2.1")), "by name");
        assertTrue(rules.initiatorAllowed("iqn.2026-11.io.jiet:array", "iqn.1991-05.com.microsoft:w",
                InetAddress.ofLiteral("::1")), "by address");
        assertFalse(rules.initiatorAllowed("iqn.2006-09.com.example:eva.vdisk1", "iqn.1996-04.de.suse:01:sles-c",
                InetAddress.ofLiteral("10.10.1.1")), "the EVA line decides before the ALL line");
        assertTrue(rules.initiatorAllowed("iqn.1992-01.com.example:ds4800.array1", "iqn.x:any",
                InetAddress.ofLiteral("192.168.71.4")), "ALL line, /23");
        assertFalse(rules.targetVisible("iqn.2012-06.com.example:xen.pool1", InetAddress.ofLiteral("127.0.0.1")));
        assertTrue(rules.targetVisible("iqn.2012-06.com.example:xen.pool1", InetAddress.ofLiteral("10.10.2.5")));
        assertTrue(rules.targetVisible("iqn.2026-11.io.jiet:array", InetAddress.ofLiteral("127.0.0.1")));
        assertEquals(List.of(), remarks, "no entry that can never match");
    }
}
