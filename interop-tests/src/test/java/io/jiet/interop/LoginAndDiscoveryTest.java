package io.jiet.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiet.interop.harness.IetdConf;
import io.jiet.interop.harness.JietdProcess;
import io.jiet.interop.harness.SharedJietd;
import io.jiet.interop.initiator.InitiatorSession;
import io.jiet.interop.initiator.LoginFailed;
import io.jiet.interop.initiator.LoginRequest;
import io.jiet.interop.initiator.Opcode;
import io.jiet.interop.initiator.Pdu;
import io.jiet.interop.initiator.PduChannel;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Login, SendTargets, NOP-Out ping and logout with the raw initiator (RFC 7143 §6, §11.10, §11.18, §11.14). */
class LoginAndDiscoveryTest {
    private static final String FIRST = "iqn.2026-11.io.jiet:login-first";
    private static final String SECOND = "iqn.2026-11.io.jiet:login-second";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dir;
    @RegisterExtension
    static final SharedJietd jietd = new SharedJietd();
    private static JietdProcess daemon;

    @BeforeAll
    static void start() {
        String config = IetdConf.create()
                .target(FIRST).fileioLun(0, IetdConf.sparseImage(dir, "first.img", 16L << 20))
                .target(SECOND).fileioLun(0, IetdConf.sparseImage(dir, "second.img", 16L << 20))
                .text();
        daemon = jietd.start(dir, config);
    }

    @Test
    void loginThroughSecurityNegotiationStage() throws IOException {
        try (InitiatorSession session = login(LoginRequest.normal(FIRST))) {
            assertEquals(0, session.testUnitReady(0).status(), daemon::logTail);
        }
    }

    @Test
    void loginStraightToOperationalStage() throws IOException {
        try (InitiatorSession session = login(LoginRequest.normal(FIRST).withoutSecurityNegotiation())) {
            assertEquals(0, session.testUnitReady(0).status(), daemon::logTail);
        }
    }

    @Test
    void loginAnswersWithThePortalGroupTag() throws IOException {
        try (InitiatorSession session = login(LoginRequest.normal(SECOND))) {
            assertEquals("1", session.parameters().targetKeys().get("TargetPortalGroupTag"),
                    () -> session.parameters().targetKeys() + "\n" + daemon.logTail());
        }
    }

    @Test
    void loginToAnUnknownTargetFailsWithNotFound() {
        LoginFailed failure = assertThrows(LoginFailed.class,
                () -> login(LoginRequest.normal("iqn.2026-11.io.jiet:no-such-target")).close());
        // RFC 7143 §11.13.5: Status-Class 2 initiator error, Status-Detail 03h "Not found".
        assertEquals(0x02, failure.statusClass(), () -> failure.getMessage() + "\n" + daemon.logTail());
        assertEquals(0x03, failure.statusDetail(), () -> failure.getMessage() + "\n" + daemon.logTail());
    }

    @Test
    void sendTargetsAllListsEveryTargetAtTheDiscoveryAddress() throws IOException {
        try (InitiatorSession session = login(LoginRequest.discovery())) {
            List<Map.Entry<String, String>> pairs = session.sendTargets("All");
            assertEquals(List.of(
                            Map.entry("TargetName", FIRST), Map.entry("TargetAddress", daemon.portal() + ",1"),
                            Map.entry("TargetName", SECOND), Map.entry("TargetAddress", daemon.portal() + ",1")),
                    sortedByTarget(pairs), () -> pairs + "\n" + daemon.logTail());
            session.logout();
        }
    }

    @Test
    void nopOutPingIsEchoed() throws IOException {
        try (InitiatorSession session = login(LoginRequest.normal(FIRST))) {
            for (int length : new int[] {0, 1, 5, 4096}) {
                byte[] ping = new byte[length];
                ThreadLocalRandom.current().nextBytes(ping);
                Pdu nopIn = session.ping(ping);
                assertArrayEquals(ping, nopIn.data(), () -> "NOP-In data for a " + length + "-byte ping");
            }
        }
    }

    @Test
    void logoutGetsALogoutResponseAndTheConnectionCloses() throws IOException {
        InitiatorSession session = login(LoginRequest.normal(FIRST));
        try {
            Pdu response = session.logout();
            assertEquals(0, response.u8(2), () -> "Logout Response code (0 = closed successfully) " + response);
            PduChannel channel = session.channel();
            channel.readTimeout(Duration.ofSeconds(10));
            // RFC 7143 §11.15: after a successful logout the target closes the connection.
            IOException closed = assertThrows(IOException.class, channel::receive, "connection still open after logout");
            assertTrue(closed instanceof EOFException || closed instanceof SocketException, closed::toString);
        } finally {
            session.close();
        }
        try (InitiatorSession again = login(LoginRequest.normal(FIRST))) {
            assertEquals(0, again.testUnitReady(0).status(), daemon::logTail);
        }
    }

    private static InitiatorSession login(LoginRequest request) throws IOException {
        return InitiatorSession.login(daemon.host(), daemon.port(), request);
    }

    /** SendTargets answers in the target's order; compare target groups (name, address) sorted by name. */
    private static List<Map.Entry<String, String>> sortedByTarget(List<Map.Entry<String, String>> pairs) {
        List<List<Map.Entry<String, String>>> groups = new ArrayList<>();
        for (Map.Entry<String, String> pair : pairs) {
            if (pair.getKey().equals("TargetName") || groups.isEmpty()) {
                groups.add(new ArrayList<>());
            }
            groups.getLast().add(pair);
        }
        groups.sort(Comparator.comparing(g -> g.getFirst().getValue()));
        return groups.stream().flatMap(List::stream).toList();
    }
}
