package io.jiet.conf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything one parse has read so far. Confined to the thread running {@link IetdConfigParser}; never shared.
 */
final class ParseState {
    final String source;
    final List<ConfigWarning> warnings = new ArrayList<>();
    final Accounts discoveryAccounts = new Accounts("discovery");
    final List<PortalAddress> portals = new ArrayList<>();
    final Map<PortalAddress, Integer> portalLines = new HashMap<>();
    final List<TargetDefinition> targets = new ArrayList<>();
    /** Lower-cased target names (iSCSI names compare case-insensitively) to the line that defined them. */
    final Map<String, Integer> targetLines = new HashMap<>();
    /** Targets with {@code SendTargets per-portal}, by name, to the SendTargets line. */
    final Map<String, Integer> perPortalTargets = new java.util.LinkedHashMap<>();
    /** The open Target block; null while still in the global part. */
    TargetBlock target;

    ParseState(String source) {
        this.source = source;
    }

    ConfigException error(int line, String problem) {
        return new ConfigException(source, line, problem);
    }

    void warn(int line, String message) {
        warnings.add(new ConfigWarning(source, line, message));
    }

    /** Closes the open Target block, if any, and records its definition. */
    void closeTarget() throws ConfigException {
        if (target != null) {
            targets.add(target.finish(this));
            target = null;
        }
    }

    static String nameKey(String targetName) {
        return targetName.toLowerCase(Locale.ROOT);
    }
}
