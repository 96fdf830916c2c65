package io.jiet.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiet.conf.IetdConfigParser;
import io.jiet.conf.PortalAddress;
import io.jiet.pdu.LoginRequest;
import io.jiet.pdu.LoginResponse;
import io.jiet.pdu.TextCodec;
import io.jiet.pdu.TextParameter;
import io.jiet.server.JietDaemon;
import io.jiet.server.TestInitiator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The security stage as open-iscsi runs it with chap_algs set: CHAP_A=7,6,5 and mutual CHAP, over a socket. */
class ChapLoginSequenceTest {

    private static final String TARGET = "iqn.2026-11.io.jiet:chap-seq";

    private static Map<String, String> parse(LoginResponse response) {
        Map<String, String> m = new LinkedHashMap<>();
        for (TextParameter p : TextCodec.decode(response.data())) {
            m.put(p.key(), p.value());
        }
        return m;
    }

    private static LoginRequest request(TestInitiator i, boolean transit, int csg, int nsg, Map<String, String> k) {
        return new LoginRequest(transit, false, csg, nsg, 0, 0, 0x777L, 0, 9, 0, i.cmdSN, i.expStatSN,
                TestInitiator.text(k));
    }

    private static byte[] sha256(int id, String secret, byte[] challenge) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        d.update((byte) id);
        d.update(secret.getBytes(StandardCharsets.UTF_8));
        d.update(challenge);
        return d.digest();
    }

    @Test
    void sha256MutualChapThroughEveryLoginStage() throws Exception {
        var config = IetdConfigParser.parse("chap.conf", """
                Target %s
                    IncomingUser initiator1 initiatorsecret1
                    OutgoingUser target1 targetsecret123
                    Lun 0 Type=nullio,Blocks=2048
                """.formatted(TARGET));
        try (JietDaemon daemon = JietDaemon.start(config, List.of(new PortalAddress("127.0.0.1", 0)));
             TestInitiator i = new TestInitiator(daemon.boundPortals().getFirst())) {
            Map<String, String> first = new LinkedHashMap<>();
            first.put("InitiatorName", TestInitiator.INITIATOR_NAME);
            first.put("TargetName", TARGET);
            first.put("SessionType", "Normal");
            first.put("AuthMethod", "CHAP,None");
            LoginResponse r1 = i.loginStep(request(i, false, 0, 0, first));
            assertEquals(0, r1.statusClass());
            assertEquals("CHAP", parse(r1).get("AuthMethod"));
            assertEquals("1", parse(r1).get("TargetPortalGroupTag"));

            LoginResponse r2 = i.loginStep(request(i, false, 0, 0, Map.of("CHAP_A", "7,6,5")));
            Map<String, String> challenge = parse(r2);
            assertEquals("7", challenge.get("CHAP_A"), "SHA-256 is the registry's 7");
            int id = Integer.parseInt(challenge.get("CHAP_I"));
            byte[] c = HexFormat.of().parseHex(challenge.get("CHAP_C").substring(2));

            byte[] ours = HexFormat.of().parseHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
            Map<String, String> answer = new LinkedHashMap<>();
            answer.put("CHAP_N", "initiator1");
            answer.put("CHAP_R", "0x" + HexFormat.of().formatHex(sha256(id, "initiatorsecret1", c)));
            answer.put("CHAP_I", "42");
            answer.put("CHAP_C", "0x" + HexFormat.of().formatHex(ours));
            LoginResponse r3 = i.loginStep(request(i, true, 0, 1, answer));
            assertEquals(0, r3.statusClass());
            assertTrue(r3.transit(), "authenticated: the target lets the login move on");
            Map<String, String> mutual = parse(r3);
            assertEquals("target1", mutual.get("CHAP_N"));
            assertEquals("0x" + HexFormat.of().formatHex(sha256(42, "targetsecret123", ours)), mutual.get("CHAP_R"));

            LoginResponse r4 = i.loginStep(request(i, true, 1, 3, Map.of("HeaderDigest", "None")));
            assertEquals(0, r4.statusClass());
            assertEquals(3, r4.nextStage());
            assertFalse(r4.tsih() == 0);
        }
    }
}
