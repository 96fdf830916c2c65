package io.jiet.server.login;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * CHAP_A values from IANA's PPP Authentication Algorithms registry, as RFC 7143 §12.1.3 uses them. (IET took 7 for
 * SHA-1; the registry says 5 MD5, 6 SHA-1, 7 SHA-256, 8 SHA3-256.)
 */
public enum ChapAlgorithm {
    MD5(5, "MD5", 16),
    SHA1(6, "SHA-1", 20),
    SHA256(7, "SHA-256", 32),
    SHA3_256(8, "SHA3-256", 32);

    private final int code;
    private final String digestName;
    private final int challengeLength;

    ChapAlgorithm(int code, String digestName, int challengeLength) {
        this.code = code;
        this.digestName = digestName;
        this.challengeLength = challengeLength;
    }

    public int code() {
        return code;
    }

    /** Challenges as long as the digest: RFC 7143 §12.1.3 asks for at least 16 bytes. */
    public int challengeLength() {
        return challengeLength;
    }

    /** RFC 1994 §4.1: Response = H(Identifier || secret || Challenge). */
    public byte[] response(int identifier, byte[] secret, byte[] challenge) {
        try {
            MessageDigest digest = MessageDigest.getInstance(digestName);
            digest.update((byte) identifier);
            digest.update(secret);
            digest.update(challenge);
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(digestName + " missing from the JDK", e);
        }
    }

    public static Optional<ChapAlgorithm> fromCode(String code) {
        for (ChapAlgorithm a : values()) {
            if (Integer.toString(a.code).equals(code.trim())) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
