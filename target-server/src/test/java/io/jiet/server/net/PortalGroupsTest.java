package io.jiet.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiet.conf.IetdConfigParser;
import io.jiet.conf.access.AccessRules;
import io.jiet.pdu.LoginResponse;
import io.jiet.pdu.TextRequest;
import io.jiet.pdu.TextResponse;
import io.jiet.server.JietDaemon;
import io.jiet.server.TestInitiator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Portals and portal groups on the wire: each portal advertises the tag of the group it belongs to, logins get that
 * tag, per-portal target names, and initiators.allow / targets.allow deciding what an initiator sees and may use.
 */
class PortalGroupsTest {

    private static final String ARRAY = "iqn.2026-11.io.jiet:array";
    private static final String PLAIN = "iqn.2026-11.io.jiet:plain";
    private static final String SPLIT = "iqn.2026-11.io.jiet:split";

    @TempDir
    Path dir;
    JietDaemon daemon;
    int port;

    @BeforeEach
    void start() throws Exception {
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
        }
        var parsed = IetdConfigParser.parse("groups.conf", """
                Portal 127.0.0.1:%1$d
                Portal 127.0.0.2:%1$d
                Target %2$s
                    Alua both
                    TargetPortGroup 1 Portals=127.0.0.1:%1$d State=active-optimized Preferred=yes
                    TargetPortGroup 2 Portals=127.0.0.2:%1$d State=active-nonoptimized
                    Lun 0 Type=nullio,Blocks=2048
                Target %3$s
                    Lun 0 Type=nullio,Blocks=2048
                Target %4$s
                    SendTargets per-portal
                    Lun 0 Type=nullio,Blocks=2048
                """.formatted(port, ARRAY, PLAIN, SPLIT));
        daemon = JietDaemon.start(parsed, parsed.portals());
        daemon.configuration().targets().accessRules(AccessRules.in(List.of(dir), remark -> { }));
    }

    @AfterEach
    void stop() {
        daemon.close();
    }

    private String sendTargets(String host) throws IOException {
        try (TestInitiator initiator = new TestInitiator(new InetSocketAddress(host, port))) {
            Map<String, String> keys = new LinkedHashMap<>();
            keys.put("InitiatorName", TestInitiator.INITIATOR_NAME);
            keys.put("SessionType", "Discovery");
            assertEquals(0, initiator.login(0x31L, keys).statusClass());
            initiator.send(new TextRequest(true, true, false, 0, initiator.itt++, 0xffffffff, initiator.cmdSN,
                    initiator.expStatSN, TestInitiator.text(Map.of("SendTargets", "All"))));
            return assertInstanceOf(TextResponse.class, initiator.receive()).data().toString(StandardCharsets.UTF_8)
                    .replace('\0', '\n');
        }
    }

    private LoginResponse login(String host, String target) throws IOException {
        try (TestInitiator initiator = new TestInitiator(new InetSocketAddress(host, port))) {
            Map<String, String> keys = new LinkedHashMap<>();
            keys.put("InitiatorName", TestInitiator.INITIATOR_NAME);
            keys.put("TargetName", target);
            return initiator.login(0x32L, keys);
        }
    }

    @Test
    void eachPortalAdvertisesItsGroupTagArrivalPortalFirst() throws IOException {
        String viaSecond = sendTargets("127.0.0.2");
        String expected = "TargetName=" + ARRAY + "\n"
                + "TargetAddress=127.0.0.2:" + port + ",2\n"
                + "TargetAddress=127.0.0.1:" + port + ",1\n"
                + "TargetName=" + PLAIN + "\n"
                + "TargetAddress=127.0.0.2:" + port + ",1\n"
                + "TargetAddress=127.0.0.1:" + port + ",1\n"
                + "TargetName=" + SPLIT + ".127.0.0.2-" + port + "\n"
                + "TargetAddress=127.0.0.2:" + port + ",1\n"
                + "TargetName=" + SPLIT + ".127.0.0.1-" + port + "\n"
                + "TargetAddress=127.0.0.1:" + port + ",1\n";
        assertEquals(expected, viaSecond);
    }

    @Test
    void loginsGetTheTagOfTheirPortalsGroup() throws IOException {
        assertTrue(login("127.0.0.1", ARRAY).data().toString(StandardCharsets.UTF_8)
                .contains("TargetPortalGroupTag=1\0"));
        assertTrue(login("127.0.0.2", ARRAY).data().toString(StandardCharsets.UTF_8)
                .contains("TargetPortalGroupTag=2\0"));
        LoginResponse perPortal = login("127.0.0.2", SPLIT + ".127.0.0.2-" + port);
        assertEquals(0, perPortal.statusClass(), "a per-portal name logs in on its own portal");
        LoginResponse elsewhere = login("127.0.0.1", SPLIT + ".127.0.0.2-" + port);
        assertEquals(0x02, elsewhere.statusClass(), "but not on another portal");
        assertEquals(0x03, elsewhere.statusDetail());
    }

    @Test
    void accessFilesDecideWhatAnInitiatorSeesAndMayUse() throws IOException {
        Files.writeString(dir.resolve("initiators.allow"), PLAIN + " iqn\\.1999-01\\.com\\.example:.*\nALL ALL\n");
        Files.writeString(dir.resolve("targets.allow"), ARRAY + " 127.0.0.1\nALL ALL\n");
        String visible = sendTargets("127.0.0.1");
        assertTrue(!visible.contains(PLAIN), "initiators.allow hides the plain target: " + visible);
        assertTrue(visible.contains("TargetName=" + ARRAY + "\nTargetAddress=127.0.0.1:" + port + ",1\nTargetName="),
                "targets.allow keeps only 127.0.0.1 for the array: " + visible);
        LoginResponse denied = login("127.0.0.1", PLAIN);
        assertEquals(0x02, denied.statusClass());
        assertEquals(0x02, denied.statusDetail(), "authorization failure");
        LoginResponse hidden = login("127.0.0.2", ARRAY);
        assertEquals(0x02, hidden.statusClass());
        assertEquals(0x03, hidden.statusDetail(), "not found where targets.allow hides it");
        assertEquals(0, login("127.0.0.1", ARRAY).statusClass());
    }
}
