package io.jiet.conf.access;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The parsed content of one initiators.allow, initiators.deny or targets.allow, read as IET 1.4.20 read it
 * (usr/plain.c): a {@code #} line is a comment; the first blank-separated word is a target name or {@code ALL};
 * the rest of the line is a comma-separated list; a line without a list is skipped. Unlike IET, a last line
 * without a line break counts, and a {@code #} after a blank starts a trailing comment. Immutable.
 *
 * @param path    where it was read from
 * @param lines   the lines that can decide, in file order
 * @param remarks {@code FILE:LINE: message} for entries that can never match or were skipped
 */
record AccessFile(Path path, List<AccessLine> lines, List<String> remarks) {
    /** Characters an address item is made of; an item of only these that is no address is reported. */
    private static final Pattern ADDRESS_LIKE = Pattern.compile("[\\[\\]0-9A-Fa-f:./%]+");

    AccessFile {
        lines = List.copyOf(lines);
        remarks = List.copyOf(remarks);
    }

    /** The first line for {@code targetName} or ALL: the one that decides (IET: first matching line wins). */
    Optional<AccessLine> lineFor(String targetName) {
        return lines.stream().filter(l -> l.appliesTo(targetName)).findFirst();
    }

    /**
     * Parses {@code text}. {@code withNames}: items may be initiator-name patterns (initiators.allow and .deny;
     * targets.allow lists portal addresses only).
     */
    static AccessFile parse(Path path, String text, boolean withNames) {
        List<AccessLine> lines = new ArrayList<>();
        List<String> remarks = new ArrayList<>();
        String[] physical = text.split("\\R", -1);
        for (int n = 1; n <= physical.length; n++) {
            String line = withoutComment(physical[n - 1]).strip();
            if (line.isEmpty()) {
                continue;
            }
            int blank = firstBlank(line);
            if (blank < 0) {
                remarks.add(path + ":" + n + ": " + line + " has no list of initiators or addresses; the line is"
                        + " skipped, as IET did");
                continue;
            }
            String target = line.substring(0, blank);
            List<AccessItem> items = new ArrayList<>();
            for (String raw : line.substring(blank + 1).split(",", -1)) {
                String item = raw.strip();
                if (!item.isEmpty()) {
                    items.add(item(path, n, item, withNames, remarks));
                }
            }
            lines.add(new AccessLine(n, target, items));
        }
        return new AccessFile(path, lines, remarks);
    }

    private static AccessItem item(Path path, int n, String text, boolean withNames, List<String> remarks) {
        if (text.equals(AccessLine.ALL)) {
            return new AccessItem(text, true, Optional.empty(), Optional.empty());
        }
        String where = path + ":" + n + ": ";
        Optional<Pattern> name = withNames ? BasicRegularExpression.compile("^" + text + "$") : Optional.empty();
        Optional<AddressRange> address = Optional.empty();
        try {
            AddressRange range = address(text);
            if (range.hasHostBits()) {
                remarks.add(where + text + " has bits set beyond its prefix; IET never matched such an entry and"
                        + " neither does jiet: write the network address, e.g. " + networkOf(range));
            } else {
                address = Optional.of(range);
            }
        } catch (IllegalArgumentException e) {
            if (text.chars().anyMatch(Character::isWhitespace)) {
                remarks.add(where + "'" + text + "' contains a blank; items are separated by commas");
            } else if (!withNames || ADDRESS_LIKE.matcher(text).matches()) {
                remarks.add(where + text + " is not an address (" + e.getMessage() + "); expected ALL, an IPv4"
                        + " address, [IPv6] or ADDRESS/PREFIX" + (withNames ? " or an initiator name" : ""));
            } else if (name.isEmpty()) {
                remarks.add(where + text + " is neither an address nor a valid initiator-name pattern (POSIX basic"
                        + " regular expression)");
            }
        }
        if (withNames && (text.startsWith("^") || text.endsWith("$"))) {
            remarks.add(where + text + ": names are anchored already (IET wraps them in ^…$), so this ^ or $ is an"
                    + " ordinary character and the pattern never matches an iSCSI name");
        }
        return new AccessItem(text, false, name, address);
    }

    /** {@code ADDRESS}, {@code ADDRESS/PREFIX}, {@code [IPv6]} or {@code [IPv6]/PREFIX}. */
    static AddressRange address(String text) {
        String host;
        String prefix = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("the '[' is never closed");
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (rest.startsWith("/")) {
                prefix = rest.substring(1);
            } else if (!rest.isEmpty()) {
                throw new IllegalArgumentException("unexpected '" + rest + "' after ']'");
            }
        } else {
            int slash = text.indexOf('/');
            host = slash < 0 ? text : text.substring(0, slash);
            prefix = slash < 0 ? null : text.substring(slash + 1);
        }
        InetAddress address;
        try {
            address = AddressRange.canonical(InetAddress.ofLiteral(host));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(host.isEmpty() ? "no address" : host + " is not a numeric address");
        }
        int max = AddressRange.maxPrefix(address);
        if (prefix == null) {
            return new AddressRange(address.getAddress(), max);
        }
        if (prefix.isEmpty() || prefix.length() > 3 || !prefix.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(prefix) > max) {
            throw new IllegalArgumentException("prefix /" + prefix + " is not 0.." + max);
        }
        return new AddressRange(address.getAddress(), Integer.parseInt(prefix));
    }

    private static String networkOf(AddressRange range) {
        byte[] b = range.network();
        for (int bit = range.prefixLength(); bit < b.length * 8; bit++) {
            b[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return new AddressRange(b, range.prefixLength()).toString();
    }

    private static int firstBlank(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (Character.isWhitespace(line.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static String withoutComment(String line) {
        String stripped = line.stripLeading();
        if (stripped.startsWith("#")) {
            return "";
        }
        for (int i = 1; i < line.length(); i++) {
            if (line.charAt(i) == '#' && Character.isWhitespace(line.charAt(i - 1))) {
                return line.substring(0, i);
            }
        }
        return line;
    }
}
