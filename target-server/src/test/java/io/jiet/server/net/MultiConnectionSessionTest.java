package io.jiet.server.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jiet.pdu.LoginRequest;
import io.jiet.pdu.LoginResponse;
import io.jiet.server.JietDaemon;
import io.jiet.server.LoopbackDaemon;
import io.jiet.server.TestInitiator;
import java.io.IOException;
import java.nio.file.Path;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two connections in one session (RFC 7143 §4.2, MaxConnections > 1): one CmdSN space, per-connection data. */
class MultiConnectionSessionTest {

    private static final String TARGET = "iqn.2026-11.io.jiet:mcs-test";
    private static final long ISID = 0x23d000000001L;
    static JietDaemon daemon;
    static InetSocketAddress portal;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        Path lun = LoopbackDaemon.sparseImage(dir, "mcs.img", 32L << 20);
        daemon = LoopbackDaemon.start("mcs.conf", """
                Target %s
                    MaxConnections 2
                    Lun 0 Path=%s,Type=fileio
                """.formatted(TARGET, lun));
        portal = daemon.boundPortals().getFirst();
    }

    @AfterAll
    static void stop() {
        daemon.close();
    }

    private static Map<String, String> keys() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("InitiatorName", TestInitiator.INITIATOR_NAME);
        keys.put("TargetName", TARGET);
        keys.put("MaxConnections", "2");
        keys.put("InitialR2T", "Yes");
        keys.put("ImmediateData", "No");
        return keys;
    }

    private static LoginResponse join(TestInitiator connection, int tsih, int cid, int cmdSN) throws IOException {
        connection.cmdSN = cmdSN;
        return connection.loginStep(new LoginRequest(true, false, 1, 3, 0, 0, ISID, tsih, connection.itt++, cid,
                cmdSN, 0, TestInitiator.text(keys())));
    }

    @Test
    void writesInterleavedOverTwoConnectionsReadBackAndSurviveLosingOne() throws IOException {
        try (TestInitiator first = new TestInitiator(portal); TestInitiator second = new TestInitiator(portal)) {
            LoginResponse leading = join(first, 0, 0, 100);
            assertEquals(0, leading.statusClass());
            int tsih = leading.tsih();
            LoginResponse added = join(second, tsih, 1, 100);
            assertEquals(0, added.statusClass(), "second connection joins the session");
            assertEquals(tsih, added.tsih());

            int cmdSN = 100;
            byte[] written = new byte[64 * 512];
            new Random(7).nextBytes(written);
            for (int i = 0; i < 8; i++) {
                byte[] chunk = java.util.Arrays.copyOfRange(written, i * 4096, (i + 1) * 4096);
                TestInitiator on = i % 2 == 0 ? first : second;
                assertEquals(0, on.write10(i * 8L, chunk, cmdSN++), "write " + i);
            }
            assertArrayEquals(written, second.read10(0, 64, cmdSN++), "read back through the other connection");
            assertArrayEquals(written, first.read10(0, 64, cmdSN++));

            try (TestInitiator third = new TestInitiator(portal)) {
                LoginResponse refused = join(third, tsih, 2, cmdSN);
                assertEquals(0x02, refused.statusClass());
                assertEquals(0x06, refused.statusDetail(), "too many connections");
            }

            first.close(); // lose one connection: the session goes on over the other
            assertEquals(0, second.write10(16, new byte[4096], cmdSN++));
            byte[] after = second.read10(0, 64, cmdSN++);
            java.util.Arrays.fill(written, 16 * 512, 24 * 512, (byte) 0);
            assertArrayEquals(written, after);
        }
    }
}
