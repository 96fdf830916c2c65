package io.jiet.interop.initiator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the test initiator offers at login.
 *
 * @param targetName          absent for a discovery session
 * @param securityNegotiation start in SecurityNegotiation (CSG 0, {@code AuthMethod=None}) rather than going
 *                            straight to LoginOperationalNegotiation (CSG 1); RFC 7143 §6.3 allows both
 * @param operationalKeys     offered in the operational stage, in order
 */
public record LoginRequest(String initiatorName, Optional<String> targetName, boolean securityNegotiation,
                           Map<String, String> operationalKeys) {
    public static final String INITIATOR_NAME = "iqn.2026-11.io.jiet:interop-initiator";

    public LoginRequest {
        operationalKeys = Collections.unmodifiableMap(new LinkedHashMap<>(operationalKeys));
    }

    /**
     * A normal session offering what IET-era targets take: no digests, immediate data and no initial R2T (the
     * results are AND and OR with the target's side, RFC 7143 §13.10-13.11), 64 KiB first burst, 256 KiB bursts.
     */
    public static LoginRequest normal(String targetName) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("HeaderDigest", "None");
        keys.put("DataDigest", "None");
        keys.put("MaxRecvDataSegmentLength", "262144");
        keys.put("InitialR2T", "No");
        keys.put("ImmediateData", "Yes");
        keys.put("FirstBurstLength", "65536");
        keys.put("MaxBurstLength", "262144");
        keys.put("MaxOutstandingR2T", "1");
        keys.put("MaxConnections", "1");
        keys.put("ErrorRecoveryLevel", "0");
        keys.put("DataPDUInOrder", "Yes");
        keys.put("DataSequenceInOrder", "Yes");
        keys.put("DefaultTime2Wait", "2");
        keys.put("DefaultTime2Retain", "0");
        return new LoginRequest(INITIATOR_NAME, Optional.of(targetName), true, keys);
    }

    /** A discovery session (SessionType=Discovery) for SendTargets. */
    public static LoginRequest discovery() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("HeaderDigest", "None");
        keys.put("DataDigest", "None");
        keys.put("MaxRecvDataSegmentLength", "65536");
        return new LoginRequest(INITIATOR_NAME, Optional.empty(), true, keys);
    }

    public LoginRequest withKey(String key, String value) {
        Map<String, String> keys = new LinkedHashMap<>(operationalKeys);
        keys.put(key, value);
        return new LoginRequest(initiatorName, targetName, securityNegotiation, keys);
    }

    public LoginRequest withoutSecurityNegotiation() {
        return new LoginRequest(initiatorName, targetName, false, operationalKeys);
    }

    public LoginRequest withInitiatorName(String name) {
        return new LoginRequest(name, targetName, securityNegotiation, operationalKeys);
    }

    public boolean discoverySession() {
        return targetName.isEmpty();
    }
}
