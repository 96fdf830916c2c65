package io.jiet.conf;

import java.util.List;

/** A mutable copy of {@link TargetParameters}, filled key by key. Confined to one thread (one parse or update). */
final class TargetParametersBuilder {
    int maxConnections;
    int maxSessions;
    boolean initialR2T;
    boolean immediateData;
    int maxRecvDataSegmentLength;
    int maxXmitDataSegmentLength;
    int maxBurstLength;
    int firstBurstLength;
    int defaultTime2Wait;
    int defaultTime2Retain;
    int maxOutstandingR2T;
    boolean dataPduInOrder;
    boolean dataSequenceInOrder;
    int errorRecoveryLevel;
    List<String> headerDigest;
    List<String> dataDigest;
    int wthreads;
    int queuedCommands;
    int nopInterval;
    int nopTimeout;

    TargetParametersBuilder(TargetParameters p) {
        maxConnections = p.maxConnections();
        maxSessions = p.maxSessions();
        initialR2T = p.initialR2T();
        immediateData = p.immediateData();
        maxRecvDataSegmentLength = p.maxRecvDataSegmentLength();
        maxXmitDataSegmentLength = p.maxXmitDataSegmentLength();
        maxBurstLength = p.maxBurstLength();
        firstBurstLength = p.firstBurstLength();
        defaultTime2Wait = p.defaultTime2Wait();
        defaultTime2Retain = p.defaultTime2Retain();
        maxOutstandingR2T = p.maxOutstandingR2T();
        dataPduInOrder = p.dataPduInOrder();
        dataSequenceInOrder = p.dataSequenceInOrder();
        errorRecoveryLevel = p.errorRecoveryLevel();
        headerDigest = p.headerDigest();
        dataDigest = p.dataDigest();
        wthreads = p.wthreads();
        queuedCommands = p.queuedCommands();
        nopInterval = p.nopInterval();
        nopTimeout = p.nopTimeout();
    }

    TargetParameters build() {
        return new TargetParameters(maxConnections, maxSessions, initialR2T, immediateData, maxRecvDataSegmentLength,
                maxXmitDataSegmentLength, maxBurstLength, firstBurstLength, defaultTime2Wait, defaultTime2Retain,
                maxOutstandingR2T, dataPduInOrder, dataSequenceInOrder, errorRecoveryLevel,
                List.copyOf(headerDigest), List.copyOf(dataDigest), wthreads, queuedCommands, nopInterval,
                nopTimeout);
    }
}
