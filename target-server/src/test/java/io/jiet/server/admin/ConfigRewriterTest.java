package io.jiet.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiet.conf.Account;
import io.jiet.conf.IetdConfig;
import io.jiet.conf.IetdConfigParser;
import io.jiet.conf.LunDefinition;
import io.jiet.conf.TargetDefinition;
import io.jiet.conf.TargetParameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigRewriterTest {

    private static final String FILE = """
            # Storage for the lab
            IncomingUser discovery-user discoverysecret1
            Portal 127.0.0.1:3260

            # database volumes
            Target iqn.2026-11.io.jiet:db
                Alias database
                MaxConnections 1   # one path only
                Lun 0 Path=/srv/db0.img,Type=fileio
                Lun 1 Path=/srv/db1.img,\\
                      Type=fileio,IOMode=wb

            # scratch, going away
            Target iqn.2026-11.io.jiet:scratch
                # nothing important
                Lun 0 Type=nullio
            """;

    private static IetdConfig parse(String text) throws Exception {
        return IetdConfigParser.parse("ietd.conf", text);
    }

    /** {@code config} with target {@code name} replaced by {@code t}. */
    private static IetdConfig with(IetdConfig config, String name, TargetDefinition t) {
        List<TargetDefinition> targets = new ArrayList<>();
        for (TargetDefinition d : config.targets()) {
            targets.add(d.name().equals(name) ? t : d);
        }
        return new IetdConfig(config.source(), config.incomingUsers(), config.outgoingUser(), config.portals(),
                targets);
    }

    private static IetdConfig without(IetdConfig config, String name) {
        return new IetdConfig(config.source(), config.incomingUsers(), config.outgoingUser(), config.portals(),
                config.targets().stream().filter(t -> !t.name().equals(name)).toList());
    }

    private static TargetDefinition change(TargetDefinition t, Optional<String> alias,
                                           io.jiet.conf.TargetParameters parameters, List<LunDefinition> luns) {
        return new TargetDefinition(t.tid(), t.name(), alias, t.incomingUsers(), t.outgoingUser(), parameters, luns,
                t.line(), t.portalGroups());
    }

    private static String rewriteAndCheck(IetdConfig file, IetdConfig running) throws Exception {
        String text = ConfigRewriter.rewrite(FILE, file, running);
        assertEquals(Optional.empty(), ConfigRewriter.firstDifference(parse(text), running), text);
        return text;
    }

    @Test
    void anUnchangedConfigurationIsWrittenBackVerbatim() throws Exception {
        IetdConfig file = parse(FILE);
        assertEquals(FILE, ConfigRewriter.rewrite(FILE, file, file));
    }

    @Test
    void changedStatementsAreReplacedWhereTheyStandAndCommentsStay() throws Exception {
        IetdConfig file = parse(FILE);
        TargetDefinition db = file.target("iqn.2026-11.io.jiet:db").orElseThrow();
        var parameters = TargetParameter.MAX_BURST_LENGTH.applyTo(
                TargetParameter.MAX_CONNECTIONS.applyTo(db.parameters(), "2"), "131072");
        List<LunDefinition> luns = new ArrayList<>(db.luns());
        luns.set(1, RunningConfiguration.parseLun(1, "Path=/srv/db1-new.img,Type=fileio"));
        luns.add(RunningConfiguration.parseLun(2, "Type=nullio,Blocks=2048"));
        IetdConfig running = without(with(file, db.name(), change(db, Optional.of("database primary"), parameters,
                luns)), "iqn.2026-11.io.jiet:scratch");

        String text = rewriteAndCheck(file, running);
        assertEquals("""
                # Storage for the lab
                IncomingUser discovery-user discoverysecret1
                Portal 127.0.0.1:3260

                # database volumes
                Target iqn.2026-11.io.jiet:db
                    MaxBurstLength 131072
                    Alias database primary
                    MaxConnections 2
                    Lun 0 Path=/srv/db0.img,Type=fileio
                    Lun 1 Path=/srv/db1-new.img,Type=fileio
                    Lun 2 Type=nullio,Blocks=2048

                # scratch, going away
                """, text);
    }

    @Test
    void newTargetsAreAppendedAndAccountsRewritten() throws Exception {
        IetdConfig file = parse(FILE);
        TargetDefinition added = new TargetDefinition(7, "iqn.2026-11.io.jiet:new", Optional.empty(),
                List.of(new Account("joe", "joesecret123")), Optional.of(new Account("tgt", "targetsecret1")),
                TargetParameter.HEADER_DIGEST.applyTo(io.jiet.conf.TargetParameters.IET_DEFAULTS, "CRC32C,None"),
                List.of(RunningConfiguration.parseLun(0, "Type=nullio")), 0);
        List<TargetDefinition> targets = new ArrayList<>(file.targets());
        targets.add(added);
        IetdConfig running = new IetdConfig(file.source(),
                List.of(new Account("discovery-user", "discoverysecret1"), new Account("second", "secondsecret")),
                Optional.empty(), file.portals(), targets);

        String text = rewriteAndCheck(file, running);
        assertTrue(text.startsWith("""
                # Storage for the lab
                IncomingUser discovery-user discoverysecret1
                IncomingUser second secondsecret
                Portal 127.0.0.1:3260
                """), text);
        assertTrue(text.endsWith("""
                    Lun 0 Type=nullio

                Target iqn.2026-11.io.jiet:new
                    IncomingUser joe joesecret123
                    OutgoingUser tgt targetsecret1
                    HeaderDigest CRC32C,None
                    Lun 0 Type=nullio
                """), text);
    }

    @Test
    void aFreshFileDescribesTheRunningConfiguration() throws Exception {
        IetdConfig running = parse(FILE);
        String text = ConfigFileText.generate(running, "# header");
        assertTrue(text.startsWith("# header\nPortal 127.0.0.1:3260\nIncomingUser discovery-user discoverysecret1\n"),
                text);
        assertEquals(Optional.empty(), ConfigRewriter.firstDifference(parse(text), running), text);
    }

    @Test
    void lunLinesLeaveDefaultsOut() throws Exception {
        assertEquals("Lun 0 Path=/a,Type=fileio", ConfigFileText.lunLine(RunningConfiguration.parseLun(0, "Path=/a")));
        assertEquals("Lun 4 Path=/dev/sdb,Type=blockio,ScsiId=abc,ScsiSN=SN1,BlockSize=4096,Rdac=yes",
                ConfigFileText.lunLine(RunningConfiguration.parseLun(4,
                        "type=blockio,path=/dev/sdb,rdac=yes,blocksize=4096,scsisn=SN1,scsiid=abc")));
        assertEquals("Lun 1 Type=nullio", ConfigFileText.lunLine(RunningConfiguration.parseLun(1, "Type=nullio")));
    }

    @Test
    void statementsSpanContinuationLinesAndSkipComments() {
        List<ConfigFileText.Statement> s = ConfigFileText.statements(List.of("# c", "Target x", "  Lun 0 a,\\",
                "     b", "", "  Alias y # trailing"));
        assertEquals(List.of(new ConfigFileText.Statement("target", 1, 1), new ConfigFileText.Statement("lun", 2, 3),
                new ConfigFileText.Statement("alias", 5, 5)), s);
    }
}
