package io.jiet.conf.access;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * One line of an allow file: {@code TARGET|ALL ITEM[, ITEM…]}. Immutable.
 *
 * @param number the line number, for messages
 * @param target the target name, or {@code ALL}
 * @param items  the comma-separated items, in order
 */
record AccessLine(int number, String target, List<AccessItem> items) {
    static final String ALL = "ALL";

    AccessLine {
        items = List.copyOf(items);
    }

    /** The line speaks for {@code targetName}: it names it (iSCSI names compare case-insensitively) or says ALL. */
    boolean appliesTo(String targetName) {
        return target.equals(ALL) || target.equalsIgnoreCase(targetName);
    }

    /** The first item admitting the initiator, if any. */
    Optional<AccessItem> admitting(Optional<String> initiatorName, InetAddress from) {
        return items.stream().filter(i -> i.matches(initiatorName, from)).findFirst();
    }
}
