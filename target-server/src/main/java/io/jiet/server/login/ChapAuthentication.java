package io.jiet.server.login;

import io.jiet.conf.Account;
import io.jiet.pdu.TextParameter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The target side of CHAP in the security stage (RFC 7143 §12.1.3, RFC 1994): choose CHAP_A from the initiator's
 * list, send a fresh CHAP_I and CHAP_C, check CHAP_N/CHAP_R against the IncomingUser accounts, and for mutual CHAP
 * answer the initiator's challenge as the OutgoingUser. One instance per login; not thread-safe.
 */
final class ChapAuthentication {

    private enum Step { AWAITING_ALGORITHMS, AWAITING_RESPONSE, DONE }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ChapAccounts accounts;
    private Step step = Step.AWAITING_ALGORITHMS;
    private ChapAlgorithm algorithm;
    private int identifier;
    private byte[] challenge;
    private String authenticatedUser;

    ChapAuthentication(ChapAccounts accounts) {
        this.accounts = accounts;
    }

    boolean done() {
        return step == Step.DONE;
    }

    String authenticatedUser() {
        return authenticatedUser;
    }

    /** Handles the CHAP_* keys of one login request and returns the target's answers. */
    List<TextParameter> onKeys(Map<String, String> keys) throws AuthenticationFailure {
        List<TextParameter> answers = new ArrayList<>();
        switch (step) {
            case AWAITING_ALGORITHMS -> {
                String offered = keys.get("CHAP_A");
                if (offered == null) {
                    if (keys.containsKey("CHAP_N") || keys.containsKey("CHAP_R")) {
                        throw new AuthenticationFailure("CHAP_R before CHAP_A");
                    }
                    return answers;
                }
                algorithm = choose(offered).orElseThrow(
                        () -> new AuthenticationFailure("no supported CHAP_A in " + offered));
                identifier = RANDOM.nextInt(256);
                challenge = new byte[algorithm.challengeLength()];
                RANDOM.nextBytes(challenge);
                answers.add(new TextParameter("CHAP_A", Integer.toString(algorithm.code())));
                answers.add(new TextParameter("CHAP_I", Integer.toString(identifier)));
                answers.add(new TextParameter("CHAP_C", ChapValue.encode(challenge)));
                step = Step.AWAITING_RESPONSE;
            }
            case AWAITING_RESPONSE -> {
                String name = keys.get("CHAP_N");
                String response = keys.get("CHAP_R");
                if (name == null || response == null) {
                    throw new AuthenticationFailure("CHAP_N and CHAP_R expected");
                }
                verify(name, decode(response));
                authenticatedUser = name;
                if (keys.containsKey("CHAP_I") || keys.containsKey("CHAP_C")) {
                    answers.addAll(answerMutual(keys.get("CHAP_I"), keys.get("CHAP_C")));
                }
                step = Step.DONE;
            }
            case DONE -> {
                if (keys.keySet().stream().anyMatch(k -> k.startsWith("CHAP_"))) {
                    throw new AuthenticationFailure("CHAP keys after authentication completed");
                }
            }
        }
        return answers;
    }

    private void verify(String name, byte[] response) throws AuthenticationFailure {
        // Look at every account so the time taken does not tell which user names exist.
        boolean matched = false;
        for (Account account : accounts.incoming()) {
            byte[] expected = algorithm.response(identifier, account.secret().getBytes(StandardCharsets.UTF_8),
                    challenge);
            boolean nameMatches = MessageDigest.isEqual(account.user().getBytes(StandardCharsets.UTF_8),
                    name.getBytes(StandardCharsets.UTF_8));
            matched |= nameMatches & MessageDigest.isEqual(expected, response);
        }
        if (!matched) {
            throw new AuthenticationFailure("CHAP response for user '" + name + "' does not match");
        }
    }

    private List<TextParameter> answerMutual(String theirIdentifier, String theirChallenge)
            throws AuthenticationFailure {
        if (theirIdentifier == null || theirChallenge == null) {
            throw new AuthenticationFailure("mutual CHAP needs both CHAP_I and CHAP_C");
        }
        Account outgoing = accounts.outgoing()
                .orElseThrow(() -> new AuthenticationFailure("mutual CHAP asked but no OutgoingUser configured"));
        int id;
        try {
            id = Integer.parseInt(theirIdentifier.trim());
        } catch (NumberFormatException e) {
            throw new AuthenticationFailure("CHAP_I " + theirIdentifier + " is not a number");
        }
        if (id < 0 || id > 255) {
            throw new AuthenticationFailure("CHAP_I " + id + " outside 0..255");
        }
        byte[] their = decode(theirChallenge);
        if (their.length == 0 || Arrays.equals(their, challenge)) {
            // RFC 7143 §12.1.3: a challenge equal to ours is a reflection attack.
            throw new AuthenticationFailure("mutual CHAP challenge is empty or reflects the target's");
        }
        byte[] answer = algorithm.response(id, outgoing.secret().getBytes(StandardCharsets.UTF_8), their);
        return List.of(new TextParameter("CHAP_N", outgoing.user()),
                new TextParameter("CHAP_R", ChapValue.encode(answer)));
    }

    private static byte[] decode(String value) throws AuthenticationFailure {
        try {
            return ChapValue.decode(value);
        } catch (IllegalArgumentException e) {
            throw new AuthenticationFailure("malformed CHAP value");
        }
    }

    /** The first algorithm of the initiator's list that jiet supports (RFC 7143 §12.1.3). */
    static Optional<ChapAlgorithm> choose(String offered) {
        for (String item : offered.split(",")) {
            Optional<ChapAlgorithm> a = ChapAlgorithm.fromCode(item);
            if (a.isPresent()) {
                return a;
            }
        }
        return Optional.empty();
    }
}
