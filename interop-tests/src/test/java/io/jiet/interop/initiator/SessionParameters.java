package io.jiet.interop.initiator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the target answered at login (every key of every Login Response) and the values that shape data transfer.
 *
 * @param targetMaxRecvDataSegmentLength the target's declaration: the largest data segment we may send
 */
public record SessionParameters(Map<String, String> targetKeys, int tsih, int targetMaxRecvDataSegmentLength,
                                boolean immediateData, boolean initialR2T, int firstBurstLength,
                                int maxBurstLength) {

    public SessionParameters {
        targetKeys = Collections.unmodifiableMap(new LinkedHashMap<>(targetKeys));
    }
}
