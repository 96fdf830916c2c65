package io.jiet.interop.harness;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code Name:value} lines libiscsi's utilities print (iscsi-inq's standard page, iscsi-readcapacity16). A name
 * may repeat ({@code Version Descriptor}); values keep their padding, e.g. {@code Vendor:IET     }.
 */
public record ColonFields(Map<String, List<String>> fields) {

    public ColonFields {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        fields.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        fields = Collections.unmodifiableMap(copy);
    }

    public static ColonFields parse(String stdout) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        stdout.lines().forEach(line -> {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.computeIfAbsent(line.substring(0, colon).strip(), k -> new ArrayList<>())
                        .add(line.substring(colon + 1));
            }
        });
        return new ColonFields(fields);
    }

    /** The first value printed under {@code name}, with surrounding blanks removed. */
    public Optional<String> first(String name) {
        List<String> values = fields.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst().strip());
    }

    public List<String> all(String name) {
        return fields.getOrDefault(name, List.of());
    }
}
