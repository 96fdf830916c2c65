package io.jiet.interop.initiator;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Text key=value pairs of Login and Text PDUs, each terminated by a NUL byte (RFC 7143 §6.1). */
public final class TextParameters {
    private TextParameters() {
    }

    public static byte[] encode(Map<String, String> pairs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        pairs.forEach((key, value) -> {
            out.writeBytes((key + "=" + value).getBytes(StandardCharsets.UTF_8));
            out.write(0);
        });
        return out.toByteArray();
    }

    /** Every pair in order; SendTargets repeats keys (one TargetName/TargetAddress group per target). */
    public static List<Map.Entry<String, String>> decodeList(byte[] data) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= data.length; i++) {
            if (i == data.length || data[i] == 0) {
                if (i > start) {
                    String pair = new String(data, start, i - start, StandardCharsets.UTF_8);
                    int eq = pair.indexOf('=');
                    if (eq <= 0) {
                        throw new TargetProtocolError("text parameter without key=value: '" + pair + "'");
                    }
                    pairs.add(Map.entry(pair.substring(0, eq), pair.substring(eq + 1)));
                }
                start = i + 1;
            }
        }
        return pairs;
    }

    /** The pairs as a map; the last value wins if a key repeats. */
    public static Map<String, String> decode(byte[] data) {
        Map<String, String> map = new LinkedHashMap<>();
        decodeList(data).forEach(e -> map.put(e.getKey(), e.getValue()));
        return map;
    }
}
