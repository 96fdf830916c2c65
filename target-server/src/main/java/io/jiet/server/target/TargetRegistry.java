package io.jiet.server.target;

import io.jiet.conf.access.AccessRules;
import io.jiet.server.login.ChapAccounts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * The targets the daemon serves, by name, in tid order, plus the global (discovery) CHAP accounts and the observer
 * the network layer reports connections to. Targets come and go at run time (admin, reload). Thread-safe.
 */
public final class TargetRegistry {
    private final Map<String, IscsiTarget> byName = new LinkedHashMap<>();
    private volatile ChapAccounts discoveryAccounts;
    private volatile ConnectionObserver connectionObserver = ConnectionObserver.NONE;
    /** IET's initiators.allow / targets.allow, read at every login (missing files allow everything). */
    private volatile AccessRules accessRules = AccessRules.standard(remark -> LoggerFactory
            .getLogger(TargetRegistry.class).warn("{}", remark));

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
    public AccessRules accessRules() {
        return accessRules;
    }

    public void accessRules(AccessRules rules) {
        this.accessRules = rules;
    }

    /**
     * The target a login names through the portal at {@code host:port}: by its own name, or by the per-portal name
     * SendTargets gave it there (SendTargets per-portal).
     */
    public synchronized Optional<IscsiTarget> findForLogin(String loginName, String host, int port) {
        return byName.values().stream().filter(t -> t.answersTo(loginName, host, port)).findFirst();
    }

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
