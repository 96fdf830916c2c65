package io.jiet.server.login;

import io.jiet.conf.TargetParameters;
import io.jiet.pdu.TextParameter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Answers the initiator's login keys (RFC 7143 §6.2 negotiation rules, §13 key definitions) against a target's
 * configured limits and accumulates the outcome. Not thread-safe: one instance per login, used from the
 * connection's event loop.
 */
public final class OperationalNegotiation {

    /** RFC 7143 §13 value limits for the numeric keys it bounds. */
    private static final int MAX_24_BIT = 16_777_215;

    private final TargetParameters target;
    private final SessionType sessionType;
    private final Set<String> answered = new HashSet<>();

    private boolean headerDigest;
    private boolean dataDigest;
    private int maxConnections = 1;
    private boolean initialR2T = true;
    private boolean immediateData = true;
    private int initiatorMaxRecvDataSegmentLength = 8192;
    private int maxBurstLength = 262_144;
    private int firstBurstLength = 65_536;
    private int defaultTime2Wait = 2;
    private int defaultTime2Retain = 20;
    private int maxOutstandingR2T = 1;
    private boolean dataPduInOrder = true;
    private boolean dataSequenceInOrder = true;
    private int errorRecoveryLevel;
    private boolean declaredOwnMaxRecv;

    public OperationalNegotiation(TargetParameters target, SessionType sessionType) {
        this.target = target;
        this.sessionType = sessionType;
        // Keys the initiator never offers keep RFC defaults, but never above what the target allows.
        this.maxBurstLength = Math.min(maxBurstLength, target.maxBurstLength());
        this.firstBurstLength = Math.min(firstBurstLength, Math.min(target.firstBurstLength(), maxBurstLength));
        this.immediateData = target.immediateData();
        this.initialR2T = target.initialR2T();
        this.maxOutstandingR2T = Math.min(maxOutstandingR2T, target.maxOutstandingR2T());
        this.errorRecoveryLevel = Math.min(errorRecoveryLevel, target.errorRecoveryLevel());
    }

    /**
     * Answers one batch of operational keys. Keys this negotiation does not own (InitiatorName, TargetName,
     * SessionType, AuthMethod, CHAP_*) must be filtered out by the caller beforehand.
     */
    public List<TextParameter> respond(List<TextParameter> offered) {
        List<TextParameter> answers = new ArrayList<>();
        for (TextParameter p : offered) {
            String answer = answer(p.key(), p.value());
            if (answer != null && answered.add(p.key())) {
                answers.add(new TextParameter(p.key(), answer));
            }
        }
        return answers;
    }

    /** Declarations the target owes the initiator that no offer prompted yet (RFC 7143 §13.12). */
    public List<TextParameter> pendingDeclarations() {
        List<TextParameter> out = new ArrayList<>();
        if (!declaredOwnMaxRecv && sessionType == SessionType.NORMAL) {
            declaredOwnMaxRecv = true;
            out.add(new TextParameter("MaxRecvDataSegmentLength",
                    Integer.toString(target.maxRecvDataSegmentLength())));
        }
        return out;
    }

    public NegotiatedParameters result() {
        int xmit = Math.min(initiatorMaxRecvDataSegmentLength, target.maxXmitDataSegmentLength());
        return new NegotiatedParameters(headerDigest, dataDigest, maxConnections, initialR2T, immediateData,
                target.maxRecvDataSegmentLength(), xmit, maxBurstLength, Math.min(firstBurstLength, maxBurstLength),
                defaultTime2Wait, defaultTime2Retain, maxOutstandingR2T, dataPduInOrder, dataSequenceInOrder,
                errorRecoveryLevel);
    }

    private String answer(String key, String value) {
        boolean discovery = sessionType == SessionType.DISCOVERY;
        try {
            return switch (key) {
                case "HeaderDigest" -> {
                    String chosen = chooseDigest(value, target.headerDigest());
                    headerDigest = "CRC32C".equals(chosen);
                    yield chosen;
                }
                case "DataDigest" -> {
                    String chosen = chooseDigest(value, target.dataDigest());
                    dataDigest = "CRC32C".equals(chosen);
                    yield chosen;
                }
                case "MaxConnections" -> {
                    if (discovery) {
                        yield IRRELEVANT;
                    }
                    maxConnections = Math.min(number(value, 1, 65_535), target.maxConnections());
                    yield Integer.toString(maxConnections);
                }
                case "InitialR2T" -> {
                    if (discovery) {
                        yield IRRELEVANT;
                    }
                    initialR2T = bool(value) || target.initialR2T(); // §13.10: result is OR
                    yield yesNo(initialR2T);
                }
                case "ImmediateData" -> {
                    if (discovery) {
                        yield IRRELEVANT;
                    }
                    immediateData = bool(value) && target.immediateData(); // §13.11: result is AND
                    yield yesNo(immediateData);
                }
                case "MaxRecvDataSegmentLength" -> {
                    // §13.12: declarative; the target answers with its own limit.
                    initiatorMaxRecvDataSegmentLength = number(value, 512, MAX_24_BIT);
                    declaredOwnMaxRecv = true;
                    yield Integer.toString(target.maxRecvDataSegmentLength());
                }
                case "MaxBurstLength" -> {
                    if (discovery) {
                        yield IRRELEVANT;
                    }
                    maxBurstLength = Math.min(number(value, 512, MAX_24_BIT), target.maxBurstLength());
                    yield Integer.toString(maxBurstLength);
                }
                case "FirstBurstLength" -> {
                    if (discovery) {
                        yield IRRELEVANT;
                    }
                    firstBurstLength = Math.min(number(value, 512, MAX_24_BIT), target.firstBurstLength());
                    yield Integer.toString(firstBurstLength);
                }
                case "DefaultTime2Wait" -> {
                    defaultTime2Wait = Math.max(number(value, 0, 3600), target.defaultTime2Wait());
                    yield Integer.toString(defaultTime2Wait);
                }
                case "DefaultTime2Retain" -> {
                    defaultTime2Retain = Math.min(number(value, 0, 3600), target.defaultTime2Retain());
                    yield Integer.toString(defaultTime2Retain);
                }
                case "MaxOutstandingR2T" -> {
                    if (discovery) {
                        yield IRRELEVANT;
                    }
                    maxOutstandingR2T = Math.min(number(value, 1, 65_535), target.maxOutstandingR2T());
                    yield Integer.toString(maxOutstandingR2T);
                }
                case "DataPDUInOrder" -> {
                    if (discovery) {
                        yield IRRELEVANT;
                    }
                    dataPduInOrder = bool(value) || target.dataPduInOrder();
                    yield yesNo(dataPduInOrder);
                }
                case "DataSequenceInOrder" -> {
                    if (discovery) {
                        yield IRRELEVANT;
                    }
                    dataSequenceInOrder = bool(value) || target.dataSequenceInOrder();
                    yield yesNo(dataSequenceInOrder);
                }
                case "ErrorRecoveryLevel" -> {
                    // jiet implements recovery within a connection only at level 0 (RFC 7143 §7.1.5).
                    errorRecoveryLevel = Math.min(Math.min(number(value, 0, 2), target.errorRecoveryLevel()), 0);
                    yield Integer.toString(errorRecoveryLevel);
                }
                // Markers were removed by RFC 7143 §13.25 (obsolete); always negotiated off.
                case "IFMarker", "OFMarker" -> "No";
                case "IFMarkInt", "OFMarkInt" -> IRRELEVANT;
                // RFC 7144 §2: jiet speaks RFC 7143, protocol level 1.
                case "iSCSIProtocolLevel" -> Integer.toString(Math.min(number(value, 0, 31), 1));
                case "TaskReporting" -> "RFC3720";
                case "InitiatorAlias" -> null; // declarative, no answer
                case "TargetAlias", "TargetAddress", "TargetPortalGroupTag" -> REJECT; // target-only keys
                default -> NOT_UNDERSTOOD;
            };
        } catch (IllegalArgumentException badValue) {
            return REJECT;
        }
    }

    /** §13.1: the first value of the initiator's list that the target accepts; "Reject" if none. */
    private static String chooseDigest(String offered, List<String> acceptable) {
        for (String candidate : offered.split(",")) {
            for (String ok : acceptable) {
                if (ok.equalsIgnoreCase(candidate.trim())) {
                    return ok.toUpperCase(Locale.ROOT).equals("CRC32C") ? "CRC32C" : "None";
                }
            }
        }
        return REJECT;
    }

    private static int number(String value, int min, int max) {
        long n;
        try {
            n = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(value);
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(value);
        }
        return (int) n;
    }

    private static boolean bool(String value) {
        return switch (value) {
            case "Yes" -> true;
            case "No" -> false;
            default -> throw new IllegalArgumentException(value);
        };
    }

    private static String yesNo(boolean b) {
        return b ? "Yes" : "No";
    }

    public static final String REJECT = "Reject";
    public static final String IRRELEVANT = "Irrelevant";
    public static final String NOT_UNDERSTOOD = "NotUnderstood";
}
