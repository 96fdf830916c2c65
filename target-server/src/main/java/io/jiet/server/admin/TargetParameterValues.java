package io.jiet.server.admin;

import io.jiet.conf.TargetParameter;
import io.jiet.conf.TargetParameters;
import io.jiet.server.login.NegotiatedParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Target parameters as ietd.conf and ietadm write them: {@code Yes}/{@code No}, decimal numbers, digest lists
 * such as {@code CRC32C,None}. The markers have no value (they are always negotiated off).
 */
final class TargetParameterValues {
    private TargetParameterValues() {
    }

    /** The value of {@code parameter} in {@code p}, as ietd.conf spells it; empty for the ignored markers. */
    static Optional<String> valueOf(TargetParameter parameter, TargetParameters p) {
        return Optional.ofNullable(switch (parameter) {
            case MAX_CONNECTIONS -> number(p.maxConnections());
            case MAX_SESSIONS -> number(p.maxSessions());
            case INITIAL_R2T -> yesNo(p.initialR2T());
            case IMMEDIATE_DATA -> yesNo(p.immediateData());
            case MAX_RECV_DATA_SEGMENT_LENGTH -> number(p.maxRecvDataSegmentLength());
            case MAX_XMIT_DATA_SEGMENT_LENGTH -> number(p.maxXmitDataSegmentLength());
            case MAX_BURST_LENGTH -> number(p.maxBurstLength());
            case FIRST_BURST_LENGTH -> number(p.firstBurstLength());
            case DEFAULT_TIME2WAIT -> number(p.defaultTime2Wait());
            case DEFAULT_TIME2RETAIN -> number(p.defaultTime2Retain());
            case MAX_OUTSTANDING_R2T -> number(p.maxOutstandingR2T());
            case DATA_PDU_IN_ORDER -> yesNo(p.dataPduInOrder());
            case DATA_SEQUENCE_IN_ORDER -> yesNo(p.dataSequenceInOrder());
            case ERROR_RECOVERY_LEVEL -> number(p.errorRecoveryLevel());
            case HEADER_DIGEST -> String.join(",", p.headerDigest());
            case DATA_DIGEST -> String.join(",", p.dataDigest());
            case OF_MARKER, IF_MARKER, OF_MARK_INT, IF_MARK_INT -> null;
            case WTHREADS -> number(p.wthreads());
            case QUEUED_COMMANDS -> number(p.queuedCommands());
            case NOP_INTERVAL -> number(p.nopInterval());
            case NOP_TIMEOUT -> number(p.nopTimeout());
        });
    }

    /** {@code Keyword=Value} for every parameter with a value, in ietd.conf's table order (ietadm --op show). */
    static List<String> lines(TargetParameters p) {
        List<String> out = new ArrayList<>();
        for (TargetParameter parameter : TargetParameter.values()) {
            valueOf(parameter, p).ifPresent(v -> out.add(parameter.keyword() + "=" + v));
        }
        return out;
    }

    /** The operational values a session runs with (RFC 7143 §13 key names), as ietadm showed a session. */
    static List<String> negotiated(NegotiatedParameters n) {
        return List.of(
                "InitialR2T=" + yesNo(n.initialR2T()),
                "ImmediateData=" + yesNo(n.immediateData()),
                "MaxConnections=" + n.maxConnections(),
                "MaxRecvDataSegmentLength=" + n.maxRecvDataSegmentLength(),
                "MaxXmitDataSegmentLength=" + n.maxXmitDataSegmentLength(),
                "MaxBurstLength=" + n.maxBurstLength(),
                "FirstBurstLength=" + n.firstBurstLength(),
                "DefaultTime2Wait=" + n.defaultTime2Wait(),
                "DefaultTime2Retain=" + n.defaultTime2Retain(),
                "MaxOutstandingR2T=" + n.maxOutstandingR2T(),
                "DataPDUInOrder=" + yesNo(n.dataPduInOrder()),
                "DataSequenceInOrder=" + yesNo(n.dataSequenceInOrder()),
                "ErrorRecoveryLevel=" + n.errorRecoveryLevel(),
                "HeaderDigest=" + (n.headerDigest() ? "CRC32C" : "None"),
                "DataDigest=" + (n.dataDigest() ? "CRC32C" : "None"));
    }

    private static String number(int value) {
        return Integer.toString(value);
    }

    private static String yesNo(boolean value) {
        return value ? "Yes" : "No";
    }
}
