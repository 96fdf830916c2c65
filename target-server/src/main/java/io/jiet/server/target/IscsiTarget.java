package io.jiet.server.target;

import io.jiet.conf.PortalGroups;
import io.jiet.conf.TargetParameters;
import io.jiet.scsi.LogicalUnit;
import io.jiet.scsi.ScsiTargetDevice;
import io.jiet.server.login.ChapAccounts;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * One iSCSI target: its name, negotiation limits, LUNs (its SCSI device) and the worker threads that run its
 * commands (IET's Wthreads). Parameters, alias and accounts may change at run time (admin updates, reload); a change
 * applies to sessions that log in afterwards. LUNs may be added and removed at run time through the SCSI device,
 * which tells the other logical units (REPORTED LUNS DATA HAS CHANGED, SPC-4 §6.33).
 * <p>
 * Threading: thread-safe. Readers see volatile snapshots; LUN changes are serialised on this object.
 */
public final class IscsiTarget {
    private final int tid;
    private final String name;
    private final ExecutorService workers;
    private volatile PortalGroups portalGroups;
    private final TargetRedirect redirect = new TargetRedirect();
    private volatile Optional<String> alias;
    private volatile TargetParameters parameters;
    private volatile ChapAccounts chapAccounts;
    private final ScsiTargetDevice device;
    private volatile SortedMap<Integer, ConfiguredLun> luns;

    public IscsiTarget(int tid, String name, Optional<String> alias, TargetParameters parameters,
                       Collection<ConfiguredLun> luns, ExecutorService workers, PortalGroups portalGroups,
                       ChapAccounts chapAccounts) {
        this.tid = tid;
        this.name = name;
        this.alias = alias;
        this.parameters = parameters;
        this.workers = workers;
        this.portalGroups = portalGroups;
        this.chapAccounts = chapAccounts;
        TreeMap<Integer, ConfiguredLun> byNumber = new TreeMap<>();
        for (ConfiguredLun lun : luns) {
            if (byNumber.put(lun.lun(), lun) != null) {
                throw new IllegalArgumentException("target " + name + ": LUN " + lun.lun() + " given twice");
            }
        }
        Map<Integer, LogicalUnit> units = new LinkedHashMap<>();
        byNumber.forEach((number, lun) -> units.put(number, lun.unit()));
        this.device = new ScsiTargetDevice(units);
        this.luns = Collections.unmodifiableSortedMap(byNumber);
    }

    public int tid() {
        return tid;
    }

    public String name() {
        return name;
    }

    public Optional<String> alias() {
        return alias;
    }

    public void alias(Optional<String> newAlias) {
        this.alias = newAlias;
    }

    /** The parameters new logins negotiate against. */
    public TargetParameters parameters() {
        return parameters;
    }

    /**
     * Applies new parameters to later logins. Wthreads resizes the worker pool at once (running commands are not
     * disturbed); the other keys take effect at the next login.
     */
    public void parameters(TargetParameters newParameters) {
        this.parameters = newParameters;
        if (workers instanceof ThreadPoolExecutor pool && pool.getMaximumPoolSize() != newParameters.wthreads()) {
            int threads = newParameters.wthreads();
            // Order matters: the core size may never exceed the maximum.
            if (threads > pool.getMaximumPoolSize()) {
                pool.setMaximumPoolSize(threads);
                pool.setCorePoolSize(threads);
            } else {
                pool.setCorePoolSize(threads);
                pool.setMaximumPoolSize(threads);
            }
        }
    }

    public ChapAccounts chapAccounts() {
        return chapAccounts;
    }

    public void chapAccounts(ChapAccounts accounts) {
        this.chapAccounts = accounts;
    }

    /** The SCSI device commands go to: the current LUNs. */
    public ScsiTargetDevice device() {
        return device;
    }

    /** The LUNs by number, ascending (a snapshot). */
    public SortedMap<Integer, ConfiguredLun> luns() {
        return luns;
    }

    /** Serves {@code lun} from now on; throws if its number is taken. */
    public synchronized void addLun(ConfiguredLun lun) {
        if (luns.containsKey(lun.lun())) {
            throw new IllegalArgumentException("target " + name + " already has LUN " + lun.lun());
        }
        device.addLogicalUnit(lun.lun(), lun.unit());
        TreeMap<Integer, ConfiguredLun> next = new TreeMap<>(luns);
        next.put(lun.lun(), lun);
        this.luns = Collections.unmodifiableSortedMap(next);
    }

    /** Stops serving LUN {@code number}; the caller closes the unit returned. */
    public synchronized Optional<ConfiguredLun> removeLun(int number) {
        if (!luns.containsKey(number)) {
            return Optional.empty();
        }
        device.removeLogicalUnit(number);
        TreeMap<Integer, ConfiguredLun> next = new TreeMap<>(luns);
        ConfiguredLun removed = next.remove(number);
        this.luns = Collections.unmodifiableSortedMap(next);
        return Optional.of(removed);
    }

    public ExecutorService workers() {
        return workers;
    }

    /** The target's TargetPortGroup lines, ALUA mode and SendTargets shape (IET's single group 1 by default). */
    public PortalGroups portalGroups() {
        return portalGroups;
    }

    public void portalGroups(PortalGroups groups) {
        this.portalGroups = groups;
    }

    /**
     * The portal group tag the target has on {@code portal}, or empty where the target is not offered (an ALUA
     * target's groups name the portals it uses; every other target is in group 1 on every portal).
     */
    public OptionalInt portalGroupTag(ListeningPortal portal) {
        return portalGroups.portalGroupTag(portal.configured());
    }

    /** The name SendTargets gives the target on a portal: its own, or one per portal (SendTargets per-portal). */
    public String advertisedName(String host, int port) {
        return portalGroups.sendTargets().advertisedName(name, host, port);
    }

    /** Whether a login naming {@code loginName} through {@code host:port} means this target. */
    public boolean answersTo(String loginName, String host, int port) {
        return name.equalsIgnoreCase(loginName) || advertisedName(host, port).equalsIgnoreCase(loginName);
    }

    public TargetRedirect redirect() {
        return redirect;
    }

    @Override
    public String toString() {
        return "tid " + tid + " " + name;
    }
}
