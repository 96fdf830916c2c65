package io.jiet.server.target;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The targets the daemon serves, by name, in configuration order. Immutable. */
public final class TargetRegistry {
    private final Map<String, IscsiTarget> byName = new LinkedHashMap<>();

    public TargetRegistry(List<IscsiTarget> targets) {
        for (IscsiTarget t : targets) {
            byName.put(t.name(), t);
        }
    }

    public Optional<IscsiTarget> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public List<IscsiTarget> all() {
        return List.copyOf(byName.values());
    }
}
