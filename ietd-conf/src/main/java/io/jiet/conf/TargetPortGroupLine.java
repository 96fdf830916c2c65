package io.jiet.conf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads jiet's {@code TargetPortGroup ID Portals=ADDR:PORT[,ADDR:PORT…] [State=STATE] [Preferred=yes|no]}. The
 * words after the id are blank-separated {@code KEY=VALUE} pairs (keys and values case-insensitive); the portals
 * are one comma-separated list. Every portal must be one of the file's global {@code Portal} lines, so that the
 * daemon listens on it, and may be in only one group of the target.
 */
final class TargetPortGroupLine {
    /** RFC 7143 TargetPortalGroupTag and the SPC-4 TARGET PORT GROUP field are both 16 bits; IET's tag was 1. */
    static final int MIN_ID = 1;
    static final int MAX_ID = 65535;
    private static final List<String> KEYS = List.of("portals", "state", "preferred");
    private static final String ALLOWED_KEYS = "Portals, State, Preferred";

    private final Statement statement;
    private final ParseState state;
    private final String prefix;
    private final Map<String, String> given = new LinkedHashMap<>();
    private final Map<String, String> spelled = new LinkedHashMap<>();

    private TargetPortGroupLine(Statement statement, ParseState state, int id) {
        this.statement = statement;
        this.state = state;
        this.prefix = "TargetPortGroup " + id + ": ";
    }

    static TargetPortGroupDefinition parse(Statement s, TargetBlock target, ParseState state)
            throws ConfigException {
        if (s.args().isEmpty()) {
            throw state.error(s.line(), "TargetPortGroup needs an id and its portals, e.g. TargetPortGroup 1"
                    + " Portals=10.0.0.1:3260 State=active-optimized");
        }
        int id = id(s, state);
        TargetPortGroupDefinition earlier = target.groups.get(id);
        if (earlier != null) {
            throw state.error(s.line(), "TargetPortGroup " + id + " is already defined on line " + earlier.line()
                    + " for target " + target.name);
        }
        TargetPortGroupLine line = new TargetPortGroupLine(s, state, id);
        line.split(s.args().subList(1, s.args().size()));
        List<PortalAddress> portals = line.portals(target);
        return new TargetPortGroupDefinition(id, portals, line.accessState(), line.preferred(), s.line());
    }

    private static int id(Statement s, ParseState state) throws ConfigException {
        String text = s.args().getFirst();
        String range = MIN_ID + ".." + MAX_ID;
        if (text.isEmpty() || text.length() > 6 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw state.error(s.line(), "TargetPortGroup id " + text + " is not a number in range " + range);
        }
        int id = Integer.parseInt(text);
        if (id < MIN_ID || id > MAX_ID) {
            throw state.error(s.line(), "TargetPortGroup id " + text + " is out of range " + range);
        }
        return id;
    }

    private void split(List<String> words) throws ConfigException {
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq <= 0) {
                throw error(word + " is not KEY=VALUE; allowed keys: " + ALLOWED_KEYS);
            }
            String key = word.substring(0, eq);
            String lower = key.toLowerCase(Locale.ROOT);
            if (!KEYS.contains(lower)) {
                throw error("unknown parameter " + key + "; allowed keys: " + ALLOWED_KEYS);
            }
            if (given.containsKey(lower)) {
                throw error(key + " is given twice");
            }
            String value = word.substring(eq + 1);
            if (value.isEmpty()) {
                throw error(key + "= has no value");
            }
            given.put(lower, value);
            spelled.put(lower, key);
        }
    }

    private List<PortalAddress> portals(TargetBlock target) throws ConfigException {
        String list = given.get("portals");
        if (list == null) {
            throw error("Portals= is missing; name this group's portals, e.g. Portals=10.0.0.1:3260,10.0.1.1:3260");
        }
        if (state.portals.isEmpty()) {
            throw error("the file has no Portal lines; every portal of a TargetPortGroup must also be a global"
                    + " Portal line (e.g. Portal " + list.split(",")[0] + " before the first Target)");
        }
        List<PortalAddress> portals = new ArrayList<>();
        for (String item : list.split(",", -1)) {
            PortalAddress portal;
            try {
                portal = PortalAddress.parse(item);
            } catch (IllegalArgumentException e) {
                throw error("Portals " + item + ": " + e.getMessage());
            }
            if (!state.portals.contains(portal)) {
                throw error("Portal " + portal + " is not one of the Portal lines ("
                        + state.portals.stream().map(PortalAddress::toString).collect(Collectors.joining(", "))
                        + ")");
            }
            if (portals.contains(portal)) {
                throw error("Portal " + portal + " is listed twice");
            }
            for (TargetPortGroupDefinition other : target.groups.values()) {
                if (other.contains(portal)) {
                    throw error("Portal " + portal + " is already in TargetPortGroup " + other.id() + " (line "
                            + other.line() + "); a portal belongs to one group of a target");
                }
            }
            portals.add(portal);
        }
        return portals;
    }

    private AsymmetricAccessState accessState() throws ConfigException {
        String value = given.get("state");
        if (value == null) {
            return AsymmetricAccessState.ACTIVE_OPTIMIZED;
        }
        return AsymmetricAccessState.forKeyword(value).orElseThrow(() -> error(spelled.get("state") + " " + value
                + " is not one of " + AsymmetricAccessState.allowedValues()));
    }

    private boolean preferred() throws ConfigException {
        String value = given.get("preferred");
        if (value == null) {
            return false;
        }
        return YesNo.parse(value).orElseThrow(() -> error(spelled.get("preferred") + " " + value
                + " is not yes or no"));
    }

    private ConfigException error(String problem) {
        return state.error(statement.line(), prefix + problem);
    }
}
