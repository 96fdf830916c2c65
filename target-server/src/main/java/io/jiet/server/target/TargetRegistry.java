package io.jiet.server.target;

import io.jiet.server.login.ChapAccounts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The targets the daemon serves, by name, in configuration order. Immutable. */
public final class TargetRegistry {
    private final Map<String, IscsiTarget> byName = new LinkedHashMap<>();
    private final ChapAccounts discoveryAccounts;

    public TargetRegistry(List<IscsiTarget> targets, ChapAccounts discoveryAccounts) {
        for (IscsiTarget t : targets) {
            byName.put(t.name(), t);
        }
        this.discoveryAccounts = discoveryAccounts;
    }

    /** The global IncomingUser/OutgoingUser lines, which guard discovery sessions. */
    public ChapAccounts discoveryAccounts() {
        return discoveryAccounts;
    }

    public Optional<IscsiTarget> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public List<IscsiTarget> all() {
        return List.copyOf(byName.values());
    }
}
