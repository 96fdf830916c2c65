package io.jiet.server.admin;

import io.jiet.alua.AluaState;
import io.jiet.alua.ChangeCause;
import io.jiet.alua.TargetPortGroups;
import io.jiet.alua.rdac.RdacPersonality;
import io.jiet.conf.Account;
import io.jiet.conf.ConfigException;
import io.jiet.conf.IetdConfig;
import io.jiet.conf.IetdConfigParser;
import io.jiet.conf.LunDefinition;
import io.jiet.conf.PortalAddress;
import io.jiet.conf.PortalGroups;
import io.jiet.conf.TargetDefinition;
import io.jiet.conf.TargetParameter;
import io.jiet.conf.TargetParameters;
import io.jiet.scsi.AsymmetricAccess;
import io.jiet.scsi.disk.DiskLogicalUnit;
import io.jiet.server.login.ChapAccounts;
import io.jiet.server.session.Session;
import io.jiet.server.session.SessionRegistry;
import io.jiet.server.target.ConfiguredLun;
import io.jiet.server.target.IscsiTarget;
import io.jiet.server.target.LiveConnections;
import io.jiet.server.target.TargetPorts;
import io.jiet.server.target.TargetRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's targets, LUNs and accounts as they run, and every change to them: jietadm's operations and a
 * configuration reload go through here, are checked the same way, and each change is logged with where it came
 * from. A target or LUN "in use" is one whose target has a logged-in session: removing it is refused unless forced.
 * Changes apply without disturbing sessions they do not concern; parameter changes apply to later logins.
 * <p>
 * Threading: changes are serialised on this object; reads of the registries are thread-safe on their own.
 */
public final class RunningConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RunningConfiguration.class);
    /** How long removing a target waits for its running commands before closing its LUNs anyway. */
    private static final long DRAIN_SECONDS = 30;
    /** A name only used to let the ietd.conf parser check a Lun line or target name given to jietadm. */
    private static final String CHECK_TARGET = "iqn.2026-11.io.jiet:jietadm-check";

    /** Opens and closes what a target needs; the daemon supplies it. Called under this object's lock. */
    public interface TargetResources {
        /** Opens the logical unit of a Lun line (its backstore; metered when metrics are on). */
        ConfiguredLun openLun(String targetName, LunDefinition lun) throws IOException;

        /** Flushes and closes a logical unit no longer served. */
        void closeLun(ConfiguredLun lun);

        /** The worker pool of a new target (IET's Wthreads). */
        ExecutorService workers(int tid, int threads);

        /** A target port group of {@code target} is now in {@code state} (metrics). */
        default void aluaState(String target, int group, AluaState state) {
        }
    }

    private final TargetRegistry targets;
    private final SessionRegistry sessions;
    private final LiveConnections connections;
    private final TargetResources resources;
    private final Optional<Path> configFile;
    /** The daemon's listening portals in listening order: position + 1 is the relative target port id. */
    private final List<PortalAddress> portals;
    /** The configuration last read from the file (or the demo): what reload compares portals and groups with. */
    private IetdConfig loaded;

    public RunningConfiguration(TargetRegistry targets, SessionRegistry sessions, LiveConnections connections,
                                TargetResources resources, Optional<Path> configFile,
                                IetdConfig loaded) {
        this(targets, sessions, connections, resources, configFile, loaded, List.of());
    }

    /** @param portals the daemon's listening portals in listening order (relative target port ids 1, 2, ...) */
    public RunningConfiguration(TargetRegistry targets, SessionRegistry sessions, LiveConnections connections,
                                TargetResources resources, Optional<Path> configFile,
                                IetdConfig loaded, List<PortalAddress> portals) {
        this.portals = List.copyOf(portals);
        this.targets = targets;
        this.sessions = sessions;
        this.connections = connections;
        this.resources = resources;
        this.configFile = configFile;
        this.loaded = loaded;
    }

    public TargetRegistry targets() {
        return targets;
    }

    public SessionRegistry sessions() {
        return sessions;
    }

    public LiveConnections connections() {
        return connections;
    }

    /** The file {@code --op save} writes and SIGHUP re-reads; empty when serving the embedded demo. */
    public Optional<Path> configFile() {
        return configFile;
    }

    synchronized IetdConfig loaded() {
        return loaded;
    }

    synchronized void loaded(IetdConfig config) {
        this.loaded = config;
    }

    // ---- targets ---------------------------------------------------------------------------------------------

    /** The target with {@code tid}, or a refusal naming it. */
    public IscsiTarget target(int tid) throws OperationRefused {
        return targets.find(tid).orElseThrow(() -> new OperationRefused("no target with tid " + tid));
    }

    /** The normal sessions logged in to {@code target}. */
    public List<Session> sessionsOf(IscsiTarget target) {
        return sessions.sessionsOf(target).stream().filter(s -> !s.closed()).toList();
    }

    /**
     * Opens every LUN of {@code definition} and serves it as a new target (tid from the definition when free, else
     * the next free one). Nothing is left open when a LUN cannot be opened.
     */
    public synchronized IscsiTarget addTarget(TargetDefinition definition, String source, String origin)
            throws IOException, OperationRefused {
        if (findByName(definition.name()).isPresent()) {
            throw new OperationRefused("target " + definition.name() + " already exists");
        }
        int tid = targets.find(definition.tid()).isEmpty() ? definition.tid() : targets.nextFreeTid();
        List<ConfiguredLun> opened = new ArrayList<>();
        try {
            for (LunDefinition lun : definition.luns()) {
                try {
                    opened.add(resources.openLun(definition.name(), lun));
                } catch (IOException e) {
                    throw new LunOpenFailure(source + ":" + lun.line() + ": cannot open LUN " + lun.lun() + " of "
                            + definition.name() + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException | RuntimeException e) {
            opened.forEach(resources::closeLun);
            throw e;
        }
        IscsiTarget target = new IscsiTarget(tid, definition.name(), definition.alias(), definition.parameters(),
                opened, resources.workers(tid, definition.parameters().wthreads()), definition.portalGroups(),
                new ChapAccounts(definition.incomingUsers(), definition.outgoingUser()));
        presentPorts(target, definition.portalGroups());
        targets.add(target);
        for (ConfiguredLun lun : opened) {
            log.info("target {} (tid {}) lun {}: {} {}", target.name(), tid, lun.lun(), lun.definition().type(),
                    lun.definition().path().orElse(""));
        }
        if (origin != null) {
            log.info("{}: target {} added as tid {} with {} LUN(s)", origin, target.name(), tid, opened.size());
        }
        return target;
    }

    /**
     * New multipath lines for a running target (a reload): SendTargets and portal group tags apply to new logins;
     * the ALUA groups and states are rebuilt from the lines now, and every I_T nexus of the target's logical units
     * gets ASYMMETRIC ACCESS STATE CHANGED (SPC-4 §5.9.2.6) so hosts re-read REPORT TARGET PORT GROUPS. States
     * set at run time (jietadm, STPG) give way to the file's.
     */
    public synchronized void replacePortalGroups(IscsiTarget target, PortalGroups groups, String origin) {
        PortalGroups before = target.portalGroups();
        target.portalGroups(groups);
        boolean accessChanged = before.alua() != groups.alua() || !before.groups().equals(groups.groups())
                || before.transitionTimeSeconds() != groups.transitionTimeSeconds();
        if (accessChanged) {
            presentPorts(target, groups);
            target.luns().values().forEach(lun -> lun.unit().asymmetricAccessStateChanged(nexus -> true));
        }
        log.info("{}: target {} (tid {}): multipath lines now {}{}", origin, target.name(), target.tid(), groups,
                accessChanged ? "; every session gets ASYMMETRIC ACCESS STATE CHANGED" : "");
    }

    /**
     * Gives the target's SCSI device its target ports: ALUA groups and the RDAC personality when the target has
     * TargetPortGroup lines and Alua is on. Every state change is logged and reported to metrics.
     */
    private void presentPorts(IscsiTarget target, PortalGroups groups) {
        AsymmetricAccess access = TargetPorts.of(target.name(), groups, portals);
        target.device().asymmetricAccess(access);
        access.groups().ifPresent(tpgs -> {
            tpgs.groups().forEach(g -> resources.aluaState(target.name(), g.id(), g.state()));
            tpgs.addListener(change -> {
                log.info("target {} (tid {}): {}", target.name(), target.tid(), change);
                resources.aluaState(target.name(), change.groupId(), change.to());
            });
            log.info("target {} (tid {}): ALUA {} with {}", target.name(), target.tid(), tpgs.mode(), tpgs.groups());
        });
        boolean rdacLuns = target.luns().values().stream().anyMatch(l -> l.definition().rdac());
        if (rdacLuns && access.rdac().isEmpty()) {
            log.warn("target {}: Rdac=yes needs TargetPortGroup lines and Alua implicit, explicit or both; its "
                    + "RDAC LUNs are served as plain disks", target.name());
        }
    }

    /**
     * {@code jietadm --op update --tid N --tpg G --params State=STATE}: an administrative change of target port
     * group {@code group} (UNIT ATTENTION 2A/06 to every I_T nexus, RTPG status code 02h). Waits (up to the
     * transition time plus a margin) until the group holds the state.
     */
    public void changeGroupState(IscsiTarget target, int group, String stateName, String origin)
            throws OperationRefused {
        TargetPortGroups groups = target.device().asymmetricAccess().groups().orElseThrow(
                () -> new OperationRefused("target " + target.name() + " has no ALUA target port groups"));
        AluaState state = AluaState.fromConfigName(stateName).orElseThrow(
                () -> new OperationRefused("unknown ALUA state " + stateName + "; use active-optimized, "
                        + "active-nonoptimized, standby, unavailable, offline or transitioning"));
        if (groups.group(group).isEmpty()) {
            throw new OperationRefused("target " + target.name() + " has no target port group " + group);
        }
        log.info("{}: target {} (tid {}) target port group {} -> {}", origin, target.name(), target.tid(), group,
                state.configName());
        try {
            groups.changeState(group, state, new ChangeCause.Administrative(origin))
                    .get(groups.transitionTime().toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new OperationRefused("target port group " + group + " did not reach " + state.configName() + ": "
                    + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationRefused("interrupted");
        }
    }

    /**
     * {@code jietadm --op update --tid N --tpg G --params Owner=yes}: every {@code Rdac=yes} LUN of the target is
     * owned by group {@code group} from now on (the controller a plain-RDAC host must use).
     */
    public void moveRdacOwnership(IscsiTarget target, int group, String origin) throws OperationRefused {
        RdacPersonality rdac = target.device().asymmetricAccess().rdac().orElseThrow(
                () -> new OperationRefused("target " + target.name() + " has no RDAC personality (needs "
                        + "TargetPortGroup lines and Alua on)"));
        if (target.device().asymmetricAccess().groups().flatMap(g -> g.group(group)).isEmpty()) {
            throw new OperationRefused("target " + target.name() + " has no target port group " + group);
        }
        List<Integer> luns = target.luns().values().stream().filter(l -> l.definition().rdac() && l.lun() <= 0xFF)
                .map(ConfiguredLun::lun).toList();
        if (luns.isEmpty()) {
            throw new OperationRefused("target " + target.name() + " has no Rdac=yes LUN");
        }
        for (var moved : rdac.ownership().transferAll(luns, group)) {
            log.info("{}: target {} (tid {}) RDAC LUN {} moved from target port group {} to {}", origin,
                    target.name(), target.tid(), moved.lun(), moved.fromGroup(), moved.toGroup());
        }
    }

    /** {@code ietadm --op new --tid=N --params Name=IQN}: an empty target with IET's default parameters. */
    public synchronized IscsiTarget newTarget(int tid, String name, String origin) throws OperationRefused {
        checkTargetName(name);
        if (tid != 0 && targets.find(tid).isPresent()) {
            throw new OperationRefused("tid " + tid + " is already used by " + targets.find(tid).get().name());
        }
        if (findByName(name).isPresent()) {
            throw new OperationRefused("target " + name + " already exists (iSCSI names compare case-insensitively)");
        }
        int chosen = tid == 0 ? targets.nextFreeTid() : tid;
        IscsiTarget target = new IscsiTarget(chosen, name, Optional.empty(), TargetParameters.IET_DEFAULTS,
                List.of(), resources.workers(chosen, TargetParameters.IET_DEFAULTS.wthreads()),
                PortalGroups.IET_DEFAULT, ChapAccounts.NONE);
        targets.add(target);
        log.info("{}: target {} added as tid {}", origin, name, chosen);
        return target;
    }

    /**
     * Stops serving {@code target}. Refused while sessions are logged in unless {@code force}, which closes them.
     * Running commands finish (up to 30 s) before its LUNs are flushed and closed.
     */
    public synchronized void deleteTarget(IscsiTarget target, boolean force, String origin) throws OperationRefused {
        List<Session> active = sessionsOf(target);
        if (!active.isEmpty() && !force) {
            throw new OperationRefused("target " + target.name() + " (tid " + target.tid() + ") has "
                    + active.size() + " active session(s); not deleted (--force closes them)");
        }
        targets.remove(target);
        active.forEach(Session::closeFromAnyThread);
        target.workers().shutdown();
        try {
            if (!target.workers().awaitTermination(DRAIN_SECONDS, TimeUnit.SECONDS)) {
                log.warn("target {}: commands still running after {} s; closing its LUNs anyway", target.name(),
                        DRAIN_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        target.luns().values().forEach(resources::closeLun);
        log.info("{}: target {} (tid {}) deleted{}", origin, target.name(), target.tid(),
                active.isEmpty() ? "" : ", closing " + active.size() + " session(s)");
    }

    // ---- LUNs ------------------------------------------------------------------------------------------------

    /** Reads {@code Path=...,Type=...} exactly as a Lun line of ietd.conf would be read. */
    public static LunDefinition parseLun(int lun, String params) throws OperationRefused {
        String text = "Target " + CHECK_TARGET + "\nLun " + lun + " " + params + "\n";
        if (params.isBlank() || params.indexOf('\n') >= 0 || params.indexOf('#') >= 0) {
            throw new OperationRefused("Lun " + lun + ": give the parameters of a Lun line, e.g. "
                    + "Path=/dev/vg0/disk1,Type=blockio");
        }
        try {
            IetdConfigParser.Result parsed = IetdConfigParser.parseWithWarnings("jietadm", text);
            parsed.warnings().forEach(w -> log.warn("jietadm: {}", w.message()));
            return parsed.config().targets().getFirst().luns().getFirst();
        } catch (ConfigException e) {
            throw new OperationRefused(e.problem());
        }
    }

    /** Opens and serves a new LUN of {@code target}. */
    public synchronized void addLun(IscsiTarget target, LunDefinition definition, String origin)
            throws OperationRefused {
        if (target.luns().containsKey(definition.lun())) {
            throw new OperationRefused("target " + target.name() + " already has LUN " + definition.lun());
        }
        ConfiguredLun lun;
        try {
            lun = resources.openLun(target.name(), definition);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new OperationRefused("cannot open LUN " + definition.lun() + " of " + target.name() + ": no such "
                    + "file " + e.getFile());
        } catch (IOException e) {
            throw new OperationRefused("cannot open LUN " + definition.lun() + " of " + target.name() + ": "
                    + e.getMessage());
        }
        target.addLun(lun);
        log.info("{}: target {} (tid {}) lun {} added: {} {}", origin, target.name(), target.tid(), lun.lun(),
                definition.type(), definition.path().orElse(""));
        reportedLunsChanged(target);
    }

    /** LUN {@code number} of {@code target}, or a refusal naming both. */
    public ConfiguredLun lun(IscsiTarget target, int number) throws OperationRefused {
        ConfiguredLun lun = target.luns().get(number);
        if (lun == null) {
            throw new OperationRefused("target " + target.name() + " has no LUN " + number);
        }
        return lun;
    }

    /** Stops serving LUN {@code number} and closes it; refused while the target has sessions unless forced. */
    public synchronized void deleteLun(IscsiTarget target, int number, boolean force, String origin)
            throws OperationRefused {
        lun(target, number);
        List<Session> active = sessionsOf(target);
        if (!active.isEmpty() && !force) {
            throw new OperationRefused("LUN " + number + " of " + target.name() + " is in use by "
                    + active.size() + " session(s); not deleted (--force removes it anyway)");
        }
        ConfiguredLun removed = target.removeLun(number).orElseThrow();
        resources.closeLun(removed);
        log.info("{}: target {} (tid {}) lun {} deleted", origin, target.name(), target.tid(), number);
        reportedLunsChanged(target);
    }

    /**
     * Re-reads the size of a LUN's backing file or device (an admin's rescan after growing or shrinking it); when the
     * number of blocks changed, every I_T nexus gets CAPACITY DATA HAS CHANGED (SBC-3 §4.6) and hosts re-read
     * READ CAPACITY. Returns the capacity now, in logical blocks.
     */
    public synchronized long rescanLun(IscsiTarget target, int number, String origin) throws OperationRefused {
        DiskLogicalUnit disk = lun(target, number).unit().unwrap(DiskLogicalUnit.class).orElseThrow(
                () -> new OperationRefused("LUN " + number + " of " + target.name() + " has no medium to rescan"));
        try {
            boolean changed = disk.refreshCapacity();
            long blocks = disk.blockCount();
            log.info("{}: target {} (tid {}) lun {} rescanned: {} blocks{}", origin, target.name(), target.tid(),
                    number, blocks, changed ? " (changed: CAPACITY DATA HAS CHANGED for every session)" : "");
            return blocks;
        } catch (IOException e) {
            throw new OperationRefused("cannot rescan LUN " + number + " of " + target.name() + ": "
                    + e.getMessage());
        }
    }

    /** SPC-4 §6.33: the target device has established REPORTED LUNS DATA HAS CHANGED for every I_T nexus. */
    private void reportedLunsChanged(IscsiTarget target) {
        int sessions = sessionsOf(target).size();
        if (sessions > 0) {
            log.info("target {}: LUN inventory changed; {} session(s) get REPORTED LUNS DATA HAS CHANGED",
                    target.name(), sessions);
        }
    }

    // ---- parameters, redirect, accounts ----------------------------------------------------------------------

    /**
     * {@code --op update --params k=v,...}: any ietd.conf target keyword, plus Alias. A value may itself hold commas
     * (a digest list): an item without '=' continues the previous value, so {@code HeaderDigest=CRC32C,None} works.
     * All values are checked before any is applied. The new values apply to later logins.
     */
    public synchronized void updateParameters(IscsiTarget target, String params, String origin)
            throws OperationRefused {
        Map<String, String> pairs = splitParams(params);
        if (pairs.isEmpty()) {
            throw new OperationRefused("--params needs KEY=VALUE,...; keys: Alias and the target keywords of "
                    + "ietd.conf, e.g. MaxConnections, HeaderDigest");
        }
        TargetParameters next = target.parameters();
        Optional<String> alias = target.alias();
        List<String> changes = new ArrayList<>();
        for (Map.Entry<String, String> pair : pairs.entrySet()) {
            if (pair.getKey().equalsIgnoreCase("Alias")) {
                alias = pair.getValue().isBlank() ? Optional.empty() : Optional.of(pair.getValue());
                changes.add("Alias " + alias.orElse("(none)"));
                continue;
            }
            TargetParameter parameter = TargetParameter.forKeyword(pair.getKey()).orElseThrow(
                    () -> new OperationRefused("unknown target parameter " + pair.getKey() + "; known: Alias, "
                            + String.join(", ", java.util.Arrays.stream(TargetParameter.values())
                            .map(TargetParameter::keyword).toList())));
            try {
                next = parameter.applyTo(next, pair.getValue());
            } catch (IllegalArgumentException e) {
                throw new OperationRefused(e.getMessage() + " (allowed: " + parameter.allowedValues() + ")");
            }
            changes.add(parameter.keyword() + " " + pair.getValue());
        }
        target.alias(alias);
        target.parameters(next);
        log.info("{}: target {} (tid {}) updated: {} (applies to new logins)", origin, target.name(), target.tid(),
                String.join(", ", changes));
    }

    /** Splits {@code k=v,k=v}; an item without '=' belongs to the previous value (digest lists). */
    static Map<String, String> splitParams(String params) throws OperationRefused {
        Map<String, String> out = new LinkedHashMap<>();
        String lastKey = null;
        for (String item : params.split(",", -1)) {
            if (item.isEmpty() && lastKey == null) {
                continue;
            }
            int eq = item.indexOf('=');
            if (eq < 0) {
                if (lastKey == null) {
                    throw new OperationRefused(item + " is not KEY=VALUE");
                }
                out.put(lastKey, out.get(lastKey) + "," + item);
                continue;
            }
            String key = item.substring(0, eq).strip();
            if (key.isEmpty()) {
                throw new OperationRefused(item + " has no key");
            }
            String canonical = key.toLowerCase(Locale.ROOT);
            if (out.keySet().stream().anyMatch(k -> k.equalsIgnoreCase(canonical))) {
                throw new OperationRefused(key + " is given twice");
            }
            out.put(key, item.substring(eq + 1));
            lastKey = key;
        }
        return out;
    }

    /** {@code --redirect ADDR}: new logins get "target moved temporarily" to ADDR; empty serves them again. */
    public synchronized void redirect(IscsiTarget target, String address, String origin) throws OperationRefused {
        String a = address.strip();
        if (!a.isEmpty() && !a.matches("[0-9A-Za-z.:\\[\\]%_-]+(,[0-9]+)?")) {
            throw new OperationRefused("--redirect needs ADDRESS[:PORT] (or nothing to stop redirecting), not "
                    + address);
        }
        target.redirect().set(Optional.of(a));
        log.info("{}: target {} (tid {}): logins {}", origin, target.name(), target.tid(),
                a.isEmpty() ? "served again" : "redirected to " + a);
    }

    /** The direction of a CHAP account: IncomingUser (the initiator proves itself) or OutgoingUser (mutual). */
    public enum AccountKind {
        INCOMING("IncomingUser"), OUTGOING("OutgoingUser");

        private final String keyword;

        AccountKind(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }
    }

    /** The accounts of {@code target}, or the discovery accounts when empty. */
    public ChapAccounts accounts(Optional<IscsiTarget> target) {
        return target.map(IscsiTarget::chapAccounts).orElseGet(targets::discoveryAccounts);
    }

    /** Adds (or replaces, by user name) an IncomingUser; sets the one OutgoingUser. */
    public synchronized void addAccount(Optional<IscsiTarget> target, AccountKind kind, Account account,
                                        String origin) throws OperationRefused {
        if (account.user().isEmpty() || account.secret().isEmpty()
                || (account.user() + account.secret()).chars().anyMatch(Character::isWhitespace)) {
            throw new OperationRefused("an account needs a user name and a password without blanks");
        }
        ChapAccounts current = accounts(target);
        ChapAccounts next;
        if (kind == AccountKind.INCOMING) {
            List<Account> incoming = new ArrayList<>(current.incoming());
            incoming.removeIf(a -> a.user().equals(account.user()));
            incoming.add(account);
            next = new ChapAccounts(incoming, current.outgoing());
        } else {
            next = new ChapAccounts(current.incoming(), Optional.of(account));
        }
        setAccounts(target, next);
        log.info("{}: {} {} {} for {}", origin, kind.keyword(), account.user(),
                kind == AccountKind.OUTGOING && current.outgoing().isPresent() ? "replaces the previous one" : "added",
                scope(target));
    }

    public synchronized void deleteAccount(Optional<IscsiTarget> target, AccountKind kind, String user,
                                           String origin) throws OperationRefused {
        ChapAccounts current = accounts(target);
        ChapAccounts next;
        if (kind == AccountKind.INCOMING) {
            List<Account> incoming = new ArrayList<>(current.incoming());
            if (!incoming.removeIf(a -> a.user().equals(user))) {
                throw new OperationRefused("no IncomingUser " + user + " for " + scope(target));
            }
            next = new ChapAccounts(incoming, current.outgoing());
        } else {
            if (current.outgoing().filter(a -> a.user().equals(user)).isEmpty()) {
                throw new OperationRefused("no OutgoingUser " + user + " for " + scope(target));
            }
            next = new ChapAccounts(current.incoming(), Optional.empty());
        }
        setAccounts(target, next);
        log.info("{}: {} {} deleted for {}", origin, kind.keyword(), user, scope(target));
    }

    void setAccounts(Optional<IscsiTarget> target, ChapAccounts accounts) {
        target.ifPresentOrElse(t -> t.chapAccounts(accounts), () -> targets.discoveryAccounts(accounts));
    }

    static String scope(Optional<IscsiTarget> target) {
        return target.map(t -> "target " + t.name() + " (tid " + t.tid() + ")").orElse("discovery sessions");
    }

    // ---- sessions and connections ----------------------------------------------------------------------------

    /** The session of {@code target} whose IET sid is {@code sid}. */
    public Session session(IscsiTarget target, long sid) throws OperationRefused {
        return sessionsOf(target).stream().filter(s -> SessionId.of(s) == sid).findFirst().orElseThrow(
                () -> new OperationRefused("target " + target.name() + " has no session " + SessionId.text(sid)));
    }

    /** {@code --op delete --tid --sid --cid}: closes one connection; the session ends with its last one. */
    public void dropConnection(IscsiTarget target, long sid, int cid, String origin) throws OperationRefused {
        Session session = session(target, sid);
        LiveConnections.Entry entry = connections.find(session, cid).orElseThrow(() -> new OperationRefused(
                "session " + SessionId.text(sid) + " of " + target.name() + " has no connection " + cid));
        entry.connection().close();
        log.info("{}: connection {} of session {} ({}) of target {} dropped", origin, cid, SessionId.text(sid),
                session.key().initiatorPortName(), target.name());
    }

    /** {@code --op delete --tid --sid}: closes every connection of a session. */
    public void dropSession(IscsiTarget target, long sid, String origin) throws OperationRefused {
        Session session = session(target, sid);
        session.closeFromAnyThread();
        log.info("{}: session {} ({}) of target {} closed", origin, SessionId.text(sid),
                session.key().initiatorPortName(), target.name());
    }

    /** {@code --op delete} with nothing else: IET's "stop all activity", every target removed. */
    public synchronized void deleteAll(boolean force, String origin) throws OperationRefused {
        List<IscsiTarget> all = targets.all();
        if (!force) {
            for (IscsiTarget t : all) {
                if (!sessionsOf(t).isEmpty()) {
                    throw new OperationRefused("target " + t.name() + " (tid " + t.tid() + ") has active sessions;"
                            + " nothing deleted (--force closes them)");
                }
            }
        }
        for (IscsiTarget t : all) {
            deleteTarget(t, force, origin);
        }
    }

    // ---- the running state as a configuration ----------------------------------------------------------------

    /**
     * The running state as an ietd.conf model: what {@code --op save} writes. Targets keep the multipath lines of
     * the file they came from; tids are those of the running targets.
     */
    public synchronized IetdConfig snapshot() {
        List<TargetDefinition> out = new ArrayList<>();
        for (IscsiTarget t : targets.all()) {
            PortalGroups groups = loaded.target(t.name()).map(TargetDefinition::portalGroups)
                    .orElse(PortalGroups.IET_DEFAULT);
            List<LunDefinition> luns = t.luns().values().stream().map(ConfiguredLun::definition).toList();
            out.add(new TargetDefinition(t.tid(), t.name(), t.alias(), t.chapAccounts().incoming(),
                    t.chapAccounts().outgoing(), t.parameters(), luns, 0, groups));
        }
        ChapAccounts discovery = targets.discoveryAccounts();
        return new IetdConfig(loaded.source(), discovery.incoming(), discovery.outgoing(), loaded.portals(), out);
    }

    Optional<IscsiTarget> findByName(String name) {
        return targets.all().stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst();
    }

    private static void checkTargetName(String name) throws OperationRefused {
        if (name.isBlank()) {
            throw new OperationRefused("--params Name=IQN needs a target name");
        }
        if (name.indexOf('\n') >= 0 || name.indexOf('#') >= 0) {
            throw new OperationRefused("Target name " + name + " is not an iSCSI name");
        }
        try {
            IetdConfigParser.Result parsed = IetdConfigParser.parseWithWarnings("jietadm", "Target " + name + "\n");
            parsed.warnings().forEach(w -> log.warn("jietadm: {}", w.message()));
        } catch (ConfigException e) {
            throw new OperationRefused(e.problem());
        }
    }
}
