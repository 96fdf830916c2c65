package io.jiet.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiet.conf.IetdConfigParser;
import io.jiet.conf.PortalAddress;
import io.jiet.pdu.NopIn;
import io.jiet.pdu.NopOut;
import io.jiet.server.JietDaemon;
import io.jiet.server.TestInitiator;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** IET's NOPInterval/NOPTimeout: the target pings, and drops a connection that stops answering. */
class NopPingTest {

    private static final String TARGET = "iqn.2026-11.io.jiet:ping-test";
    static JietDaemon daemon;
    static InetSocketAddress portal;

    @BeforeAll
    static void start() throws Exception {
        var config = IetdConfigParser.parse("ping.conf", """
                Target %s
                    NOPInterval 1
                    NOPTimeout 2
                    Lun 0 Type=nullio,Blocks=2048
                """.formatted(TARGET));
        daemon = JietDaemon.start(config, List.of(new PortalAddress("127.0.0.1", 0)));
        portal = daemon.boundPortals().getFirst();
    }

    @AfterAll
    static void stop() {
        daemon.close();
    }

    private static TestInitiator login(long isid) throws IOException {
        TestInitiator initiator = new TestInitiator(portal);
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("InitiatorName", TestInitiator.INITIATOR_NAME);
        keys.put("TargetName", TARGET);
        assertEquals(0, initiator.login(isid, keys).statusClass());
        return initiator;
    }

    @Test
    void answeredPingsKeepTheConnection() throws IOException {
        try (TestInitiator initiator = login(0x500001L)) {
            int statSN = -1;
            for (int i = 0; i < 3; i++) {
                NopIn ping = assertInstanceOf(NopIn.class, initiator.receive());
                assertEquals(0xffffffff, ping.initiatorTaskTag(), "a ping carries the reserved ITT");
                assertTrue(ping.targetTransferTag() != 0xffffffff, "and a tag to echo");
                if (statSN >= 0) {
                    assertEquals(statSN, ping.statSN(), "pings do not advance StatSN");
                }
                statSN = ping.statSN();
                initiator.send(new NopOut(true, 0, 0xffffffff, ping.targetTransferTag(), initiator.cmdSN,
                        initiator.expStatSN, Unpooled.EMPTY_BUFFER));
            }
        }
    }

    @Test
    void unansweredPingDropsTheConnection() throws IOException {
        try (TestInitiator initiator = login(0x500002L)) {
            initiator.socket().setSoTimeout(8000);
            assertInstanceOf(NopIn.class, initiator.receive());
            long start = System.nanoTime();
            assertThrows(IOException.class, () -> {
                while (true) {
                    initiator.receive(); // further pings are not sent while one is outstanding
                }
            });
            long waitedMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(waitedMillis < 6000, "dropped after NOPTimeout, waited " + waitedMillis + " ms");
        }
    }
}
