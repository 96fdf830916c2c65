package io.jiet.server.admin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiet.conf.IetdConfigParser;
import io.jiet.pdu.DataIn;
import io.jiet.pdu.ScsiCommand;
import io.jiet.pdu.ScsiResponse;
import io.jiet.pdu.TargetPdu;
import io.jiet.server.JietDaemon;
import io.jiet.server.TestInitiator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGHUP reload of changed multipath lines: the ALUA groups are rebuilt from the file, logged-in hosts are told
 * (ASYMMETRIC ACCESS STATE CHANGED) and then served by the new states; an unchanged file changes nothing.
 */
class PortalGroupsReloadTest {

    private static final String TARGET = "iqn.2026-11.io.jiet:reload-groups";

    @TempDir
    Path dir;
    private JietDaemon daemon;
    private Path config;
    private int port;

    private String configText(String group1State, String group2State) {
        return """
                Portal 127.0.0.1:%1$d
                Portal 127.0.0.2:%1$d
                Target %2$s
                    Alua implicit
                    TargetPortGroup 1 Portals=127.0.0.1:%1$d State=%3$s
                    TargetPortGroup 2 Portals=127.0.0.2:%1$d State=%4$s
                    Lun 0 Type=nullio,Blocks=2048
                """.formatted(port, TARGET, group1State, group2State);
    }

    @org.junit.jupiter.api.BeforeEach
    void choosePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
        }
    }

    private void start(String text) throws Exception {
        config = dir.resolve("ietd.conf");
        Files.writeString(config, text);
        var parsed = IetdConfigParser.parse(config);
        daemon = JietDaemon.start(parsed, parsed.portals(), new JietDaemon.Services(Optional.of(config),
                Optional.of(dir.resolve("run/jietd.sock")), true, Optional.empty()));
    }

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    private TestInitiator login(String host) throws IOException {
        TestInitiator initiator = new TestInitiator(new InetSocketAddress(host, port));
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("InitiatorName", TestInitiator.INITIATOR_NAME);
        keys.put("TargetName", TARGET);
        assertEquals(0, initiator.login(0x4242, keys).statusClass());
        return initiator;
    }

    /** Runs a CDB without data-out; returns the sense key, ASC and ASCQ, or null for GOOD. */
    private static int[] run(TestInitiator initiator, byte[] cdb, int readLength) throws IOException {
        initiator.send(new ScsiCommand(false, true, readLength > 0, false, 1, 0, initiator.itt++, readLength,
                initiator.cmdSN++, initiator.expStatSN, cdb, 0, Unpooled.EMPTY_BUFFER));
        while (true) {
            TargetPdu pdu = initiator.receive();
            if (pdu instanceof DataIn in && in.statusPresent()) {
                initiator.expStatSN = in.statSN() + 1;
                return null;
            }
            if (pdu instanceof ScsiResponse response) {
                initiator.expStatSN = response.statSN() + 1;
                if (response.status() == 0) {
                    return null;
                }
                ByteBuf sense = response.data();
                int at = sense.readerIndex() + 2; // SenseLength first (RFC 7143 §11.4.7.2)
                return new int[] {sense.getByte(at + 2) & 0x0F, sense.getByte(at + 12) & 0xFF,
                        sense.getByte(at + 13) & 0xFF};
            }
        }
    }

    private static int[] read10(TestInitiator initiator) throws IOException {
        return run(initiator, TestInitiator.cdb10(0x28, 0, 1), 512);
    }

    @Test
    void changedGroupsAreAppliedAndLoggedInHostsAreToldOnce() throws Exception {
        start(configText("active-optimized", "active-nonoptimized"));
        try (TestInitiator onPortal1 = login("127.0.0.1")) {
            assertNull(read10(onPortal1), "group 1 serves reads while active/optimized");

            Files.writeString(config, configText("standby", "active-optimized"));
            ConfigReload.Outcome outcome = daemon.reload().orElseThrow();
            assertTrue(outcome.changed() >= 1, outcome::toString);

            // SPC-4 §5.9.2.6: UNIT ATTENTION, ASYMMETRIC ACCESS STATE CHANGED, then the new state applies.
            assertArrayEquals(new int[] {0x6, 0x2A, 0x06}, read10(onPortal1));
            assertArrayEquals(new int[] {0x2, 0x04, 0x0B}, read10(onPortal1), "standby: LOGICAL UNIT NOT "
                    + "ACCESSIBLE, TARGET PORT IN STANDBY STATE");
        }
        try (TestInitiator onPortal2 = login("127.0.0.2")) {
            assertNull(read10(onPortal2), "group 2 is active/optimized now");
        }
    }

    @Test
    void anUnchangedFileLeavesGroupsAndSessionsAlone() throws Exception {
        start(configText("active-optimized", "active-nonoptimized"));
        try (TestInitiator onPortal1 = login("127.0.0.1")) {
            assertNull(read10(onPortal1));
            daemon.reload().orElseThrow();
            assertNull(read10(onPortal1), "no unit attention when nothing changed");
        }
    }
}
