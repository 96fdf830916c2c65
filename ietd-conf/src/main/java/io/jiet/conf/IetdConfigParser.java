package io.jiet.conf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Reads IET's ietd.conf into an {@link IetdConfig}. The grammar is IET's (usr/plain.c, usr/param.c and the
 * kernel's volume parsing), made strict: where IET silently ignored or clamped a value, jiet stops with a
 * {@link ConfigException} that names the file, line and allowed values. What IET accepted and jiet merely ignores
 * or replaces becomes a {@link ConfigWarning}.
 *
 * <p>Keywords live in two tables, one for the global part (before the first {@code Target}) and one for Target
 * blocks; a new keyword is one entry. Stateless and thread-safe: each call parses on its own state.
 */
public final class IetdConfigParser {
    /** RFC 7143 §4.2.7.1: iSCSI names are at most 223 bytes. */
    static final int MAX_NAME_BYTES = 223;

    private record Keyword(String name, Directive directive) {
    }

    private static final Map<String, Keyword> GLOBAL = table(
            new Keyword("Target", IetdConfigParser::target),
            new Keyword("IncomingUser", (s, st) -> st.discoveryAccounts.addIncoming(s, st)),
            new Keyword("OutgoingUser", (s, st) -> st.discoveryAccounts.setOutgoing(s, st)),
            new Keyword("iSNSServer", IetdConfigParser::isnsServer),
            new Keyword("iSNSAccessControl", IetdConfigParser::isnsAccessControl),
            new Keyword("Portal", IetdConfigParser::portal));

    private static final Map<String, Keyword> TARGET = targetTable();

    /** A parsed file and the remarks made while reading it. */
    public record Result(IetdConfig config, List<ConfigWarning> warnings) {
        public Result {
            warnings = List.copyOf(warnings);
        }
    }

    private IetdConfigParser() {
    }

    /** Parses {@code file}; messages name it as given (e.g. {@code /etc/iet/ietd.conf:7: ...}). */
    public static IetdConfig parse(Path file) throws IOException, ConfigException {
        return parseWithWarnings(file).config();
    }

    /** Parses {@code text}; {@code sourceName} is the file name used in messages and {@link IetdConfig#source()}. */
    public static IetdConfig parse(String sourceName, String text) throws ConfigException {
        return parseWithWarnings(sourceName, text).config();
    }

    /** Like {@link #parse(Path)}, keeping the warnings. The file must be UTF-8 (ASCII files are). */
    public static Result parseWithWarnings(Path file) throws IOException, ConfigException {
        String source = file.toString();
        return parseWithWarnings(source, decode(source, Files.readAllBytes(file)));
    }

    /** Like {@link #parse(String, String)}, keeping the warnings. */
    public static Result parseWithWarnings(String sourceName, String text) throws ConfigException {
        ParseState state = new ParseState(sourceName);
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        for (Statement s : ConfigText.statements(body)) {
            Map<String, Keyword> scope = state.target == null ? GLOBAL : TARGET;
            Keyword keyword = scope.get(s.keyword().toLowerCase(Locale.ROOT));
            if (keyword == null) {
                throw misplacedOrUnknown(s, state);
            }
            keyword.directive().apply(s, state);
        }
        state.closeTarget();
        MultipathRules.checkPerPortalNameClashes(state);
        IetdConfig config = new IetdConfig(sourceName, state.discoveryAccounts.incoming(),
                state.discoveryAccounts.outgoing(), List.copyOf(state.portals), List.copyOf(state.targets));
        List<ConfigWarning> warnings = new ArrayList<>(state.warnings);
        warnings.sort(Comparator.comparingInt(ConfigWarning::line));
        return new Result(config, warnings);
    }

    /** {@code /etc/iet/ietd.conf}, else the deprecated {@code /etc/ietd.conf}; see {@link ConfigLocation}. */
    public static Optional<Path> locateDefault() {
        return locateDefault(Path.of("/"));
    }

    /** As {@link #locateDefault()} under {@code root}; use {@link ConfigLocation#find(Path)} for the warning. */
    public static Optional<Path> locateDefault(Path root) {
        return ConfigLocation.find(root).map(ConfigLocation::file);
    }

    // ---- global keywords ----

    private static void target(Statement s, ParseState state) throws ConfigException {
        if (s.args().size() != 1) {
            throw state.error(s.line(), s.args().isEmpty() ? "Target needs a name, e.g. Target iqn.2001-04.com.example:disk1"
                    : "Target takes one name; iSCSI names cannot contain blanks");
        }
        state.closeTarget();
        String name = s.args().getFirst();
        Integer earlier = state.targetLines.putIfAbsent(ParseState.nameKey(name), s.line());
        if (earlier != null) {
            throw state.error(s.line(), "Target " + name + " is already defined on line " + earlier
                    + " (iSCSI names compare case-insensitively)");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw state.error(s.line(), "Target name is " + name.getBytes(StandardCharsets.UTF_8).length
                    + " bytes long; iSCSI names are at most " + MAX_NAME_BYTES + " bytes");
        }
        String lower = ParseState.nameKey(name);
        if (!lower.startsWith("iqn.") && !lower.startsWith("eui.") && !lower.startsWith("naa.")) {
            state.warn(s.line(), "Target " + name + " is not an iqn., eui. or naa. name (RFC 7143 §4.2.7); some"
                    + " initiators refuse it");
        }
        state.target = new TargetBlock(state.targets.size() + 1, name, s.line());
    }

    private static void isnsServer(Statement s, ParseState state) throws ConfigException {
        oneValue(s, state, "iSNSServer", "a host name or address");
        state.warn(s.line(), "iSNS is not implemented by jiet; iSNSServer " + s.args().getFirst() + " is ignored");
    }

    private static void isnsAccessControl(Statement s, ParseState state) throws ConfigException {
        String value = oneValue(s, state, "iSNSAccessControl", "Yes or No");
        // IET compared this one with strcasecmp.
        if (!value.equalsIgnoreCase("Yes") && !value.equalsIgnoreCase("No")) {
            throw state.error(s.line(), "iSNSAccessControl " + value + " is not Yes or No");
        }
        state.warn(s.line(), "iSNS is not implemented by jiet; iSNSAccessControl is ignored");
    }

    /** jiet extension: {@code Portal ADDRESS[:PORT]}, the addresses to listen on. */
    private static void portal(Statement s, ParseState state) throws ConfigException {
        String text = oneValue(s, state, "Portal", "ADDRESS[:PORT]");
        PortalAddress portal;
        try {
            portal = PortalAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw state.error(s.line(), "Portal " + text + ": " + e.getMessage());
        }
        Integer earlier = state.portalLines.putIfAbsent(portal, s.line());
        if (earlier != null) {
            throw state.error(s.line(), "Portal " + portal + " is already listed on line " + earlier);
        }
        state.portals.add(portal);
    }

    // ---- target keywords ----

    private static Map<String, Keyword> targetTable() {
        List<Keyword> keywords = new ArrayList<>(List.of(
                new Keyword("Target", IetdConfigParser::target),
                new Keyword("Alias", IetdConfigParser::alias),
                new Keyword("IncomingUser", (s, st) -> st.target.accounts.addIncoming(s, st)),
                new Keyword("OutgoingUser", (s, st) -> st.target.accounts.setOutgoing(s, st)),
                new Keyword("Lun", IetdConfigParser::lun),
                // jiet's multipath extensions (the ALUA issue); IET never had them.
                new Keyword("Alua", IetdConfigParser::alua),
                new Keyword("TargetPortGroup", IetdConfigParser::targetPortGroup),
                new Keyword("SendTargets", IetdConfigParser::sendTargets),
                new Keyword("AluaTransitionTime", IetdConfigParser::aluaTransitionTime),
                // IET's plain_portal_init read the iSNS lines wherever they stood.
                new Keyword("iSNSServer", IetdConfigParser::isnsServer),
                new Keyword("iSNSAccessControl", IetdConfigParser::isnsAccessControl)));
        for (TargetParameter parameter : TargetParameter.values()) {
            keywords.add(new Keyword(parameter.keyword(), (s, st) -> parameter(parameter, s, st)));
        }
        return table(keywords.toArray(Keyword[]::new));
    }

    private static void alias(Statement s, ParseState state) throws ConfigException {
        if (s.args().isEmpty()) {
            throw state.error(s.line(), "Alias needs a name");
        }
        TargetBlock target = state.target;
        if (target.alias != null) {
            state.warn(s.line(), "target " + target.name + " already has Alias " + target.alias + " from line "
                    + target.aliasLine + "; " + s.restOfLine() + " replaces it");
        }
        target.alias = s.restOfLine();
        target.aliasLine = s.line();
    }

    private static void lun(Statement s, ParseState state) throws ConfigException {
        LunDefinition lun = LunLine.parse(s, state.target, state);
        state.target.luns.put(lun.lun(), lun);
    }

    private static void targetPortGroup(Statement s, ParseState state) throws ConfigException {
        TargetPortGroupDefinition group = TargetPortGroupLine.parse(s, state.target, state);
        state.target.groups.put(group.id(), group);
    }

    private static void alua(Statement s, ParseState state) throws ConfigException {
        String value = oneValue(s, state, "Alua", AluaMode.allowedValues());
        TargetBlock target = state.target;
        AluaMode mode = AluaMode.forKeyword(value).orElseThrow(() -> state.error(s.line(), "Alua " + value
                + " is not one of " + AluaMode.allowedValues()));
        warnIfRepeated(state, s, "Alua", target.aluaLine);
        target.alua = mode;
        target.aluaLine = s.line();
    }

    private static void sendTargets(Statement s, ParseState state) throws ConfigException {
        String value = oneValue(s, state, "SendTargets", SendTargetsShape.allowedValues());
        TargetBlock target = state.target;
        SendTargetsShape shape = SendTargetsShape.forKeyword(value).orElseThrow(() -> state.error(s.line(),
                "SendTargets " + value + " is not one of " + SendTargetsShape.allowedValues()));
        warnIfRepeated(state, s, "SendTargets", target.sendTargetsLine);
        target.sendTargets = shape;
        target.sendTargetsLine = s.line();
    }

    /** RTPG's IMPLICIT TRANSITION TIME is one byte of seconds (SPC-4 §6.37, extended header). */
    private static void aluaTransitionTime(Statement s, ParseState state) throws ConfigException {
        String value = oneValue(s, state, "AluaTransitionTime", "0..255 seconds");
        long seconds;
        try {
            seconds = ConfigNumber.parse(value);
        } catch (InvalidValue e) {
            throw state.error(s.line(), "AluaTransitionTime " + value + " is not a number in range 0..255"
                    + " (seconds)");
        }
        if (seconds < 0 || seconds > 255) {
            throw state.error(s.line(), "AluaTransitionTime " + value + " is out of range 0..255 (seconds)");
        }
        TargetBlock target = state.target;
        warnIfRepeated(state, s, "AluaTransitionTime", target.transitionTimeLine);
        target.transitionTime = (int) seconds;
        target.transitionTimeLine = s.line();
    }

    private static void warnIfRepeated(ParseState state, Statement s, String keyword, int earlierLine) {
        if (earlierLine != 0) {
            state.warn(s.line(), keyword + " was already set on line " + earlierLine + "; this line wins");
        }
    }

    private static void parameter(TargetParameter parameter, Statement s, ParseState state)
            throws ConfigException {
        String value = oneValue(s, state, parameter.keyword(), parameter.allowedValues());
        TargetBlock target = state.target;
        try {
            parameter.assign(target.parameters, value);
        } catch (InvalidValue e) {
            throw state.error(s.line(), parameter.keyword() + " " + value + " " + e.getMessage());
        }
        if (parameter.numeric() && ConfigNumber.isOctal(value)) {
            state.warn(s.line(), parameter.keyword() + " " + value + " has a leading zero and is read as octal ("
                    + ConfigNumber.parseOrZero(value) + "), as IET did");
        }
        Integer earlier = target.parameterLines.put(parameter, s.line());
        if (earlier != null) {
            state.warn(s.line(), parameter.keyword() + " was already set on line " + earlier + "; this line wins");
        }
    }

    // ---- helpers ----

    private static String oneValue(Statement s, ParseState state, String keyword, String allowed)
            throws ConfigException {
        if (s.args().isEmpty()) {
            throw state.error(s.line(), keyword + " needs a value (" + allowed + ")");
        }
        if (s.args().size() > 1) {
            throw state.error(s.line(), keyword + " takes one value (" + allowed + "), found '" + s.restOfLine()
                    + "'");
        }
        return s.args().getFirst();
    }

    private static ConfigException misplacedOrUnknown(Statement s, ParseState state) {
        String lower = s.keyword().toLowerCase(Locale.ROOT);
        if (state.target == null && TARGET.containsKey(lower)) {
            return state.error(s.line(), TARGET.get(lower).name() + " belongs inside a Target block; there is no"
                    + " Target line before it");
        }
        if (state.target != null && GLOBAL.containsKey(lower)) {
            return state.error(s.line(), GLOBAL.get(lower).name() + " is a global setting and must come before"
                    + " the first Target line");
        }
        Map<String, Keyword> scope = state.target == null ? GLOBAL : TARGET;
        String where = state.target == null ? "before the first Target" : "in a Target block";
        return state.error(s.line(), "unknown keyword " + s.keyword() + suggestion(lower)
                .map(k -> " (did you mean " + k + "?)")
                .orElse("; keywords allowed " + where + ": " + String.join(", ", names(scope))));
    }

    private static Optional<String> suggestion(String lower) {
        TreeSet<String> all = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        all.addAll(names(GLOBAL));
        all.addAll(names(TARGET));
        return all.stream()
                .filter(name -> distance(lower, name.toLowerCase(Locale.ROOT)) <= Math.max(1, name.length() / 5))
                .min(Comparator.comparingInt(name -> distance(lower, name.toLowerCase(Locale.ROOT))));
    }

    private static List<String> names(Map<String, Keyword> table) {
        return table.values().stream().map(Keyword::name).toList();
    }

    /** Levenshtein distance, for "did you mean". */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static Map<String, Keyword> table(Keyword... keywords) {
        Map<String, Keyword> table = new LinkedHashMap<>();
        for (Keyword k : keywords) {
            table.put(k.name().toLowerCase(Locale.ROOT), k);
        }
        return Collections.unmodifiableMap(table);
    }

    /** Strict UTF-8, so that CHAP secrets are never silently altered; the error names the first bad line. */
    private static String decode(String source, byte[] bytes) throws ConfigException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int line = 1;
            for (int i = 0; i < in.position(); i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new ConfigException(source, line, "the file is not UTF-8 text");
        }
        decoder.flush(out);
        return out.flip().toString();
    }
}
