package io.jiet.server.target;

import io.jiet.conf.TargetParameters;
import io.jiet.scsi.ScsiTargetDevice;
import io.jiet.server.login.ChapAccounts;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * One iSCSI target: its name, negotiation limits, SCSI device (the LUNs) and the worker threads that run its
 * commands (IET's Wthreads). Parameters, alias and accounts may change at run time (admin updates, reload); a change
 * applies to sessions that log in afterwards. Thread-safe.
 */
public final class IscsiTarget {
    private final int tid;
    private final String name;
    private final ScsiTargetDevice device;
    private final ExecutorService workers;
    private final int portalGroupTag;
    private final TargetRedirect redirect = new TargetRedirect();
    private volatile Optional<String> alias;
    private volatile TargetParameters parameters;
    private volatile ChapAccounts chapAccounts;

    public IscsiTarget(int tid, String name, Optional<String> alias, TargetParameters parameters,
                       ScsiTargetDevice device, ExecutorService workers, int portalGroupTag,
                       ChapAccounts chapAccounts) {
        this.tid = tid;
        this.name = name;
        this.alias = alias;
        this.parameters = parameters;
        this.device = device;
        this.workers = workers;
        this.portalGroupTag = portalGroupTag;
        this.chapAccounts = chapAccounts;
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

    public void parameters(TargetParameters newParameters) {
        this.parameters = newParameters;
    }

    public ChapAccounts chapAccounts() {
        return chapAccounts;
    }

    public void chapAccounts(ChapAccounts accounts) {
        this.chapAccounts = accounts;
    }

    public ScsiTargetDevice device() {
        return device;
    }

    public ExecutorService workers() {
        return workers;
    }

    public int portalGroupTag() {
        return portalGroupTag;
    }

    public TargetRedirect redirect() {
        return redirect;
    }

    @Override
    public String toString() {
        return "tid " + tid + " " + name;
    }
}
