package io.jiet.conf;

import java.util.List;

/**
 * The per-target operational keys of ietd.conf with IET's defaults (see iet-reference.md). Digest lists hold the
 * values in the order the admin wrote them, e.g. ["CRC32C", "None"].
 */
public record TargetParameters(int maxConnections, int maxSessions, boolean initialR2T, boolean immediateData,
                               int maxRecvDataSegmentLength, int maxXmitDataSegmentLength, int maxBurstLength,
                               int firstBurstLength, int defaultTime2Wait, int defaultTime2Retain,
                               int maxOutstandingR2T, boolean dataPduInOrder, boolean dataSequenceInOrder,
                               int errorRecoveryLevel, List<String> headerDigest, List<String> dataDigest,
                               int wthreads, int queuedCommands, int nopInterval, int nopTimeout) {

    public static final TargetParameters IET_DEFAULTS = new TargetParameters(1, 0, true, true, 8192, 8192, 262144,
            65536, 2, 20, 1, true, true, 0, List.of("None"), List.of("None"), 8, 32, 0, 0);
}
