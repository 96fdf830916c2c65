package io.jiet.server.target;

import io.jiet.server.login.ChapAccounts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The targets the daemon serves, by name, in tid order, plus the global (discovery) CHAP accounts and the observer
 * the network layer reports connections to. Targets come and go at run time (admin, reload). Thread-safe.
 */
public final class TargetRegistry {
    private final Map<String, IscsiTarget> byName = new LinkedHashMap<>();
    private volatile ChapAccounts discoveryAccounts;
    private volatile ConnectionObserver connectionObserver = ConnectionObserver.NONE;

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

    public void discoveryAccounts(ChapAccounts accounts) {
        this.discoveryAccounts = accounts;
    }

    /** Where connection logins, closes and login failures are reported; never null. */
    public ConnectionObserver connectionObserver() {
        return connectionObserver;
    }

    public void connectionObserver(ConnectionObserver observer) {
        this.connectionObserver = observer == null ? ConnectionObserver.NONE : observer;
    }

    public synchronized Optional<IscsiTarget> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public synchronized Optional<IscsiTarget> find(int tid) {
        return byName.values().stream().filter(t -> t.tid() == tid).findFirst();
    }

    public synchronized List<IscsiTarget> all() {
        List<IscsiTarget> out = new ArrayList<>(byName.values());
        out.sort((a, b) -> Integer.compare(a.tid(), b.tid()));
        return out;
    }

    /** Adds a target; throws if its name or tid is taken. */
    public synchronized void add(IscsiTarget target) {
        if (byName.containsKey(target.name()) || find(target.tid()).isPresent()) {
            throw new IllegalArgumentException("target " + target.name() + " (tid " + target.tid()
                    + ") already exists");
        }
        byName.put(target.name(), target);
    }

    public synchronized boolean remove(IscsiTarget target) {
        return byName.remove(target.name(), target);
    }

    /** The lowest unused tid, as ietadm's {@code --tid=0} picks. */
    public synchronized int nextFreeTid() {
        int tid = 1;
        while (find(tid).isPresent()) {
            tid++;
        }
        return tid;
    }
}
