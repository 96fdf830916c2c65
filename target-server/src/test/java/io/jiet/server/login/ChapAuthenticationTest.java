package io.jiet.server.login;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiet.conf.Account;
import io.jiet.pdu.TextParameter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChapAuthenticationTest {

    private static final ChapAccounts ACCOUNTS = new ChapAccounts(
            List.of(new Account("alice", "alicesecret12"), new Account("carol", "carolsecret12")),
            Optional.of(new Account("target", "targetsecret12")));

    private static Map<String, String> map(List<TextParameter> answers) {
        Map<String, String> m = new LinkedHashMap<>();
        answers.forEach(a -> m.put(a.key(), a.value()));
        return m;
    }

    private static byte[] hash(String algorithm, int id, String secret, byte[] challenge) throws Exception {
        MessageDigest d = MessageDigest.getInstance(algorithm);
        d.update((byte) id);
        d.update(secret.getBytes(StandardCharsets.UTF_8));
        d.update(challenge);
        return d.digest();
    }

    @Test
    void openIscsiStyleListPicksSha256AndAcceptsTheRightResponse() throws Exception {
        ChapAuthentication chap = new ChapAuthentication(ACCOUNTS);
        Map<String, String> challenge = map(chap.onKeys(Map.of("CHAP_A", "7,6,5")));
        assertEquals("7", challenge.get("CHAP_A"));
        int id = Integer.parseInt(challenge.get("CHAP_I"));
        byte[] c = HexFormat.of().parseHex(challenge.get("CHAP_C").substring(2));
        assertEquals(32, c.length);
        byte[] r = hash("SHA-256", id, "carolsecret12", c);
        List<TextParameter> answers = chap.onKeys(Map.of("CHAP_N", "carol", "CHAP_R",
                "0b" + Base64.getEncoder().encodeToString(r)));
        assertTrue(answers.isEmpty(), "one-way CHAP: nothing to answer");
        assertTrue(chap.done());
        assertEquals("carol", chap.authenticatedUser());
    }

    @Test
    void libiscsiStyleMd5WithMutualChap() throws Exception {
        ChapAuthentication chap = new ChapAuthentication(ACCOUNTS);
        Map<String, String> challenge = map(chap.onKeys(Map.of("CHAP_A", "5")));
        assertEquals("5", challenge.get("CHAP_A"));
        int id = Integer.parseInt(challenge.get("CHAP_I"));
        byte[] c = HexFormat.of().parseHex(challenge.get("CHAP_C").substring(2));
        byte[] r = hash("MD5", id, "alicesecret12", c);
        byte[] mine = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
        Map<String, String> mutual = map(chap.onKeys(Map.of("CHAP_N", "alice",
                "CHAP_R", "0x" + HexFormat.of().withUpperCase().formatHex(r), "CHAP_I", "77",
                "CHAP_C", "0x" + HexFormat.of().formatHex(mine))));
        assertEquals("target", mutual.get("CHAP_N"));
        assertArrayEquals(hash("MD5", 77, "targetsecret12", mine),
                HexFormat.of().parseHex(mutual.get("CHAP_R").substring(2)));
    }

    @Test
    void wrongSecretUnknownUserAndSkippedStepsFail() throws Exception {
        ChapAuthentication chap = new ChapAuthentication(ACCOUNTS);
        Map<String, String> challenge = map(chap.onKeys(Map.of("CHAP_A", "5")));
        int id = Integer.parseInt(challenge.get("CHAP_I"));
        byte[] c = HexFormat.of().parseHex(challenge.get("CHAP_C").substring(2));
        String wrong = "0x" + HexFormat.of().formatHex(hash("MD5", id, "not-the-secret", c));
        assertThrows(AuthenticationFailure.class, () -> chap.onKeys(Map.of("CHAP_N", "alice", "CHAP_R", wrong)));

        ChapAuthentication unknown = new ChapAuthentication(ACCOUNTS);
        Map<String, String> c2 = map(unknown.onKeys(Map.of("CHAP_A", "5")));
        byte[] ch2 = HexFormat.of().parseHex(c2.get("CHAP_C").substring(2));
        String right = "0x" + HexFormat.of().formatHex(hash("MD5", Integer.parseInt(c2.get("CHAP_I")),
                "alicesecret12", ch2));
        assertThrows(AuthenticationFailure.class, () -> unknown.onKeys(Map.of("CHAP_N", "mallory", "CHAP_R",
                right)));

        assertThrows(AuthenticationFailure.class, () -> new ChapAuthentication(ACCOUNTS)
                .onKeys(Map.of("CHAP_N", "alice", "CHAP_R", "0x00")), "response before a challenge");
        assertThrows(AuthenticationFailure.class, () -> new ChapAuthentication(ACCOUNTS)
                .onKeys(Map.of("CHAP_A", "9,10")), "no supported algorithm");
    }

    @Test
    void reflectedChallengeIsRefused() throws Exception {
        ChapAuthentication chap = new ChapAuthentication(ACCOUNTS);
        Map<String, String> challenge = map(chap.onKeys(Map.of("CHAP_A", "5")));
        int id = Integer.parseInt(challenge.get("CHAP_I"));
        byte[] c = HexFormat.of().parseHex(challenge.get("CHAP_C").substring(2));
        String r = "0x" + HexFormat.of().formatHex(hash("MD5", id, "alicesecret12", c));
        assertThrows(AuthenticationFailure.class, () -> chap.onKeys(Map.of("CHAP_N", "alice", "CHAP_R", r,
                "CHAP_I", "1", "CHAP_C", challenge.get("CHAP_C"))));
    }

    @Test
    void mutualChapWithoutOutgoingUserFails() throws Exception {
        ChapAuthentication chap = new ChapAuthentication(new ChapAccounts(
                List.of(new Account("alice", "alicesecret12")), Optional.empty()));
        Map<String, String> challenge = map(chap.onKeys(Map.of("CHAP_A", "6")));
        int id = Integer.parseInt(challenge.get("CHAP_I"));
        byte[] c = HexFormat.of().parseHex(challenge.get("CHAP_C").substring(2));
        String r = "0x" + HexFormat.of().formatHex(hash("SHA-1", id, "alicesecret12", c));
        assertThrows(AuthenticationFailure.class, () -> chap.onKeys(Map.of("CHAP_N", "alice", "CHAP_R", r,
                "CHAP_I", "3", "CHAP_C", "0x0102030405060708090a0b0c0d0e0f10")));
    }
}
