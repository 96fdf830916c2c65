package io.jiet.server.login;

/**
 * The operational parameters in force for a session and its connection once login completes (RFC 7143 §13).
 * {@code maxRecvDataSegmentLength} is the target's own declared limit (what it accepts per PDU);
 * {@code maxXmitDataSegmentLength} is what the target may send per PDU: the initiator's declared
 * MaxRecvDataSegmentLength, capped by the target's configured MaxXmitDataSegmentLength (an IET key).
 */
public record NegotiatedParameters(boolean headerDigest, boolean dataDigest, int maxConnections,
                                   boolean initialR2T, boolean immediateData, int maxRecvDataSegmentLength,
                                   int maxXmitDataSegmentLength, int maxBurstLength, int firstBurstLength,
                                   int defaultTime2Wait, int defaultTime2Retain, int maxOutstandingR2T,
                                   boolean dataPduInOrder, boolean dataSequenceInOrder, int errorRecoveryLevel) {
}
