package io.jiet.server.admin;

import io.jiet.conf.IetdConfig;
import io.jiet.conf.LunDefinition;
import io.jiet.conf.TargetDefinition;
import io.jiet.conf.TargetParameter;
import io.jiet.server.login.ChapAccounts;
import io.jiet.server.target.ConfiguredLun;
import io.jiet.server.target.IscsiTarget;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGHUP: brings the running configuration in line with a freshly read ietd.conf. Targets and LUNs that are new
 * appear; changed parameters, aliases and accounts apply to later logins; a target or LUN that is gone or changed
 * is removed (a changed LUN re-opened) only when its target has no session, else it stays as it runs and a line
 * says so. Portal lines and multipath (ALUA) lines are read only at start-up; a change to them is logged. Each
 * change is logged on its own line, then a summary.
 * <p>
 * Threading: runs under the {@link RunningConfiguration} lock.
 */
public final class ConfigReload {
    private static final Logger log = LoggerFactory.getLogger(ConfigReload.class);
    static final String ORIGIN = "reload";

    /** What a reload did. */
    public record Outcome(int added, int removed, int changed, int refused) {
        @Override
        public String toString() {
            return added + " added, " + removed + " removed, " + changed + " changed, " + refused
                    + " refused (in use)";
        }
    }

    private final RunningConfiguration running;
    private int added;
    private int removed;
    private int changed;
    private int refused;

    private ConfigReload(RunningConfiguration running) {
        this.running = running;
    }

    /** Applies {@code config} (already parsed and valid) to {@code running}. */
    public static Outcome apply(RunningConfiguration running, IetdConfig config) {
        synchronized (running) {
            ConfigReload reload = new ConfigReload(running);
            reload.run(config);
            running.loaded(config);
            Outcome outcome = new Outcome(reload.added, reload.removed, reload.changed, reload.refused);
            log.info("configuration reloaded from {}: {}", config.source(), outcome);
            return outcome;
        }
    }

    private void run(IetdConfig config) {
        IetdConfig before = running.loaded();
        boolean portalsChanged = !before.portals().equals(config.portals());
        if (portalsChanged) {
            log.warn("reload: Portal lines changed ({} -> {}); portals are bound at start-up, restart jietd to "
                    + "apply", before.portals(), config.portals());
        }
        ChapAccounts discovery = new ChapAccounts(config.incomingUsers(), config.outgoingUser());
        if (!discovery.equals(running.targets().discoveryAccounts())) {
            running.setAccounts(Optional.empty(), discovery);
            changed++;
            log.info("reload: discovery accounts now {} IncomingUser(s){}", discovery.incoming().size(),
                    discovery.outgoing().map(a -> " and OutgoingUser " + a.user()).orElse(""));
        }
        for (IscsiTarget target : running.targets().all()) {
            if (config.target(target.name()).isEmpty()) {
                try {
                    running.deleteTarget(target, false, ORIGIN);
                    removed++;
                } catch (OperationRefused e) {
                    refused++;
                    log.warn("reload: target {} is no longer in {} but stays: {}", target.name(), config.source(),
                            e.getMessage());
                }
            }
        }
        for (TargetDefinition definition : config.targets()) {
            Optional<IscsiTarget> existing = running.findByName(definition.name());
            if (existing.isPresent()) {
                update(existing.get(), definition, portalsChanged);
                continue;
            }
            try {
                running.addTarget(definition, config.source(), ORIGIN);
                added++;
            } catch (IOException | OperationRefused e) {
                refused++;
                log.error("reload: target {} not added: {}", definition.name(), e.getMessage());
            }
        }
    }

    /** @param portalsChanged the Portal lines changed too: multipath lines refer to them and wait for a restart */
    private void update(IscsiTarget target, TargetDefinition definition, boolean portalsChanged) {
        if (!target.parameters().equals(definition.parameters())) {
            List<String> keys = new ArrayList<>();
            for (TargetParameter p : TargetParameter.values()) {
                Optional<String> was = TargetParameterValues.valueOf(p, target.parameters());
                Optional<String> now = TargetParameterValues.valueOf(p, definition.parameters());
                if (!was.equals(now)) {
                    keys.add(p.keyword() + " " + was.orElse("") + " -> " + now.orElse(""));
                }
            }
            target.parameters(definition.parameters());
            changed++;
            log.info("reload: target {} (tid {}): {} (applies to new logins)", target.name(), target.tid(),
                    String.join(", ", keys));
        }
        if (!target.alias().equals(definition.alias())) {
            target.alias(definition.alias());
            changed++;
            log.info("reload: target {} (tid {}): Alias {}", target.name(), target.tid(),
                    definition.alias().orElse("(none)"));
        }
        ChapAccounts accounts = new ChapAccounts(definition.incomingUsers(), definition.outgoingUser());
        if (!accounts.equals(target.chapAccounts())) {
            target.chapAccounts(accounts);
            changed++;
            log.info("reload: target {} (tid {}): accounts now {} IncomingUser(s){}", target.name(), target.tid(),
                    accounts.incoming().size(), accounts.outgoing().map(a -> " and OutgoingUser " + a.user())
                            .orElse(""));
        }
        if (!target.portalGroups().equals(definition.portalGroups())) {
            if (!portalsChanged) {
                running.replacePortalGroups(target, definition.portalGroups(), ORIGIN);
                changed++;
            } else {
                refused++;
                log.warn("reload: target {}: multipath lines changed together with the Portal lines; portals are "
                        + "bound at start-up, restart jietd to apply both", target.name());
            }
        }
        for (ConfiguredLun lun : target.luns().values()) {
            Optional<LunDefinition> wanted = definition.lun(lun.lun());
            if (wanted.isPresent() && ConfigRewriter.sameLun(wanted.get(), lun.definition())) {
                continue;
            }
            try {
                running.deleteLun(target, lun.lun(), false, ORIGIN);
                removed++;
            } catch (OperationRefused e) {
                refused++;
                log.warn("reload: target {} LUN {} {} but stays as it runs: {}", target.name(), lun.lun(),
                        wanted.isPresent() ? "changed in the file" : "is no longer in the file", e.getMessage());
            }
        }
        for (LunDefinition lun : definition.luns()) {
            if (target.luns().containsKey(lun.lun())) {
                continue;
            }
            try {
                running.addLun(target, lun, ORIGIN);
                added++;
            } catch (OperationRefused e) {
                refused++;
                log.error("reload: target {} LUN {} not added: {}", target.name(), lun.lun(), e.getMessage());
            }
        }
    }
}
