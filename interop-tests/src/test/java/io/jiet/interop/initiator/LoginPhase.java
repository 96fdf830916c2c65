package io.jiet.interop.initiator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The login phase of a leading connection (RFC 7143 §6): optional SecurityNegotiation with AuthMethod=None, then
 * LoginOperationalNegotiation, then FullFeaturePhase. Text that does not fit one Login Response continues with C
 * bit set (§11.13.2); a response without the T bit is answered with an empty request until the target transits.
 *
 * <p>Single use, one thread.
 */
final class LoginPhase {
    /** Stage numbers for CSG/NSG, RFC 7143 §11.12.3. */
    static final int SECURITY = 0;
    static final int OPERATIONAL = 1;
    static final int FULL_FEATURE = 3;

    private static final int TRANSIT = 0x80;
    private static final int CONTINUE = 0x40;
    private static final int MAX_ROUNDS = 8;
    /** Keys a target declares or that need no answer from us (§13). */
    private static final Set<String> NO_ANSWER = Set.of("TargetPortalGroupTag", "TargetAlias", "TargetAddress",
            "MaxRecvDataSegmentLength", "AuthMethod", "InitiatorAlias");

    record Outcome(SessionParameters parameters, int cmdSN, int expStatSN) {
    }

    private final PduChannel channel;
    private final LoginRequest request;
    private final byte[] isid = randomIsid();
    private final int itt;
    private final int cmdSN;
    private final Map<String, String> answered = new LinkedHashMap<>();
    private final Map<String, String> offered = new LinkedHashMap<>();
    private int expStatSN;
    private boolean firstResponse = true;
    private int tsih;
    private int finalExpCmdSN;

    LoginPhase(PduChannel channel, LoginRequest request, int itt, int initialCmdSN) {
        this.channel = channel;
        this.request = request;
        this.itt = itt;
        this.cmdSN = initialCmdSN;
    }

    Outcome run() throws IOException {
        Map<String, String> identity = new LinkedHashMap<>();
        identity.put("InitiatorName", request.initiatorName());
        identity.put("SessionType", request.discoverySession() ? "Discovery" : "Normal");
        request.targetName().ifPresent(name -> identity.put("TargetName", name));
        if (request.securityNegotiation()) {
            identity.put("AuthMethod", "None");
            stage(SECURITY, OPERATIONAL, identity);
            stage(OPERATIONAL, FULL_FEATURE, request.operationalKeys());
        } else {
            Map<String, String> keys = new LinkedHashMap<>(identity);
            keys.putAll(request.operationalKeys());
            stage(OPERATIONAL, FULL_FEATURE, keys);
        }
        if (finalExpCmdSN != cmdSN) {
            throw new TargetProtocolError("final Login Response ExpCmdSN " + Integer.toUnsignedString(finalExpCmdSN)
                    + " but the login used CmdSN " + Integer.toUnsignedString(cmdSN) + " (RFC 7143 §11.12.8)");
        }
        if (tsih == 0 && !request.discoverySession()) {
            throw new TargetProtocolError("final Login Response of a new session has TSIH 0 (RFC 7143 §11.13.5)");
        }
        return new Outcome(parameters(), cmdSN, expStatSN);
    }

    private void stage(int csg, int nsg, Map<String, String> keys) throws IOException {
        offered.putAll(keys);
        Map<String, String> toSend = keys;
        boolean transit = true;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            send(csg, nsg, transit, toSend);
            Pdu response = receiveWholeResponse(csg, nsg);
            Map<String, String> keysReceived = TextParameters.decode(response.data());
            answered.putAll(keysReceived);
            boolean targetTransits = (response.flags() & TRANSIT) != 0;
            int respCsg = (response.flags() >>> 2) & 3;
            int respNsg = response.flags() & 3;
            if (respCsg != csg) {
                throw new TargetProtocolError("Login Response CSG " + respCsg + " for a request in stage " + csg);
            }
            if (targetTransits) {
                if (respNsg != nsg) {
                    throw new TargetProtocolError("Login Response transits to stage " + respNsg + ", asked for " + nsg);
                }
                if (nsg == FULL_FEATURE) {
                    tsih = response.u16(14);
                    finalExpCmdSN = response.expCmdSN();
                }
                return;
            }
            toSend = answersTo(keysReceived);
        }
        throw new TargetProtocolError("target did not leave login stage " + csg + " after " + MAX_ROUNDS + " rounds");
    }

    /** Negotiable keys the target offered on its own get their value echoed back, which accepts them. */
    private Map<String, String> answersTo(Map<String, String> fromTarget) {
        Map<String, String> answers = new LinkedHashMap<>();
        fromTarget.forEach((key, value) -> {
            if (!offered.containsKey(key) && !NO_ANSWER.contains(key)) {
                answers.put(key, value);
                offered.put(key, value);
            }
        });
        return answers;
    }

    /** One Login Response, following C-bit continuations (§11.13.2) and joining their text. */
    private Pdu receiveWholeResponse(int csg, int nsg) throws IOException {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        while (true) {
            Pdu response = channel.receive();
            check(response);
            text.writeBytes(response.data());
            if ((response.flags() & CONTINUE) == 0) {
                return new Pdu(response.header(), response.ahs(), text.toByteArray());
            }
            send(csg, nsg, false, Map.of());
        }
    }

    private void check(Pdu response) {
        if (!response.is(Opcode.LOGIN_RESPONSE)) {
            throw new TargetProtocolError("expected a Login Response, got " + response
                    + (response.is(Opcode.REJECT) ? " (reason 0x" + Integer.toHexString(response.rejectReason()) + ")" : ""));
        }
        if (response.initiatorTaskTag() != itt) {
            throw new TargetProtocolError("Login Response ITT 0x" + Integer.toHexString(response.initiatorTaskTag())
                    + ", request had 0x" + Integer.toHexString(itt));
        }
        int statusClass = response.u8(36);
        int statusDetail = response.u8(37);
        if (statusClass != 0) {
            throw new LoginFailed(statusClass, statusDetail, TextParameters.decode(response.data()));
        }
        if (!firstResponse && response.statSN() != expStatSN) {
            throw new TargetProtocolError("Login Response StatSN " + Integer.toUnsignedString(response.statSN())
                    + ", expected " + Integer.toUnsignedString(expStatSN));
        }
        firstResponse = false;
        expStatSN = response.statSN() + 1;
    }

    /** Login Request, RFC 7143 §11.12: always immediate; ISID 8-13, TSIH 14-15, CID 20-21, CmdSN, ExpStatSN. */
    private void send(int csg, int nsg, boolean transit, Map<String, String> keys) throws IOException {
        byte[] data = TextParameters.encode(keys);
        byte[] header = Bhs.of(Opcode.LOGIN_REQUEST, true)
                .flags((transit ? TRANSIT : 0) | (csg << 2) | (transit ? nsg : 0))
                .u8(2, 0) // Version-max
                .u8(3, 0) // Version-min
                .bytes(8, isid)
                .u16(14, 0) // TSIH 0: a new session
                .initiatorTaskTag(itt)
                .u16(20, 0) // CID
                .u32(24, cmdSN)
                .u32(28, expStatSN)
                .build(data.length);
        channel.send(header, data);
    }

    private SessionParameters parameters() {
        int targetMrdsl = number("MaxRecvDataSegmentLength", 8192, false);
        if (request.discoverySession()) {
            return new SessionParameters(answered, tsih, targetMrdsl, false, true, 0, 0);
        }
        requireNone("HeaderDigest");
        requireNone("DataDigest");
        return new SessionParameters(answered, tsih, targetMrdsl,
                yesNo("ImmediateData"), yesNo("InitialR2T"),
                number("FirstBurstLength", 65536, true), number("MaxBurstLength", 262144, true));
    }

    private boolean yesNo(String key) {
        String value = required(key);
        return switch (value) {
            case "Yes" -> true;
            case "No" -> false;
            default -> throw new TargetProtocolError(key + "=" + value + " is not Yes or No");
        };
    }

    private int number(String key, int defaultValue, boolean mustAnswer) {
        String value = mustAnswer ? required(key) : answered.get(key);
        if (value == null || value.equals("Irrelevant")) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new TargetProtocolError(key + "=" + value + " is not a number");
        }
    }

    private String required(String key) {
        String value = answered.get(key);
        if (value == null) {
            throw new TargetProtocolError("target did not answer the offered key " + key + " (RFC 7143 §6.2); answered "
                    + answered);
        }
        return value;
    }

    private void requireNone(String key) {
        String value = answered.get(key);
        if (value != null && !value.equals("None")) {
            throw new TargetProtocolError(key + "=" + value + " but only None was offered");
        }
    }

    /** ISID type 10b, random (RFC 7143 §11.12.5): 80h, 24 random bits, 16-bit qualifier. */
    private static byte[] randomIsid() {
        byte[] isid = new byte[6];
        isid[0] = (byte) 0x80;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        isid[1] = (byte) random.nextInt();
        isid[2] = (byte) random.nextInt();
        isid[3] = (byte) random.nextInt();
        isid[5] = 1;
        return isid;
    }
}
