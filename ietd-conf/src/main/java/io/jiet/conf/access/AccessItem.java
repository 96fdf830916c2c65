package io.jiet.conf.access;

import java.net.InetAddress;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One comma-separated item of an allow-file line: {@code ALL}, an address or network, or (initiators.allow only)
 * an initiator-name pattern. IET tried every item as an anchored name pattern first and as an address second, so
 * an item may be both; a line's items are tried in order and the first match decides. Immutable.
 *
 * @param text     the item as written, trimmed
 * @param everyone {@code ALL} (compared case-sensitively, as IET's strcmp did)
 * @param name     the anchored pattern {@code ^text$} (POSIX basic syntax); empty in targets.allow or where it
 *                 does not compile
 * @param address  the address or network; empty where the item is not one
 */
record AccessItem(String text, boolean everyone, Optional<Pattern> name, Optional<AddressRange> address) {

    /** True when the item admits an initiator named {@code initiatorName} (if known) connecting from {@code from}. */
    boolean matches(Optional<String> initiatorName, InetAddress from) {
        if (everyone) {
            return true;
        }
        if (initiatorName.isPresent() && name.isPresent() && name.get().matcher(initiatorName.get()).find()) {
            return true;
        }
        return address.isPresent() && address.get().contains(from);
    }
}
