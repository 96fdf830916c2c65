package io.jiet.conf.access;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * POSIX basic regular expressions (IEEE Std 1003.1, §9.3, with the GNU extensions of glibc's {@code regcomp}), as
 * IET compiled the initiator names of initiators.allow ({@code regcomp(&re, "^NAME$", REG_NOSUB)}, no
 * REG_EXTENDED), translated to {@link Pattern}. In a BRE, {@code + ? ( ) { } |} are ordinary characters and their
 * backslashed forms are the operators; {@code *} is literal at the start of an expression; {@code ^} and {@code $}
 * are anchors only at the ends of an expression or group. Stateless.
 */
final class BasicRegularExpression {
    private static final Map<String, String> CLASSES = Map.ofEntries(
            Map.entry("alpha", "\\p{Alpha}"), Map.entry("digit", "\\p{Digit}"), Map.entry("alnum", "\\p{Alnum}"),
            Map.entry("upper", "\\p{Upper}"), Map.entry("lower", "\\p{Lower}"), Map.entry("space", "\\s"),
            Map.entry("blank", "\\p{Blank}"), Map.entry("punct", "\\p{Punct}"), Map.entry("print", "\\p{Print}"),
            Map.entry("graph", "\\p{Graph}"), Map.entry("cntrl", "\\p{Cntrl}"), Map.entry("xdigit", "\\p{XDigit}"));

    private BasicRegularExpression() {
    }

    /** The compiled expression, or empty where {@code regcomp} would have failed. */
    static Optional<Pattern> compile(String bre) {
        try {
            return Optional.of(Pattern.compile(translate(bre)));
        } catch (IllegalArgumentException e) { // PatternSyntaxException too
            return Optional.empty();
        }
    }

    /** The Java regular expression for {@code bre}; throws IllegalArgumentException for a malformed one. */
    static String translate(String bre) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        // glibc: * is literal at the start of an expression or group, also right after a leading ^; ^ anchors
        // only at index 0 and right after \( or \| (a second ^ is literal).
        boolean starLiteral = true;
        boolean caretAnchors = true;
        while (i < bre.length()) {
            char c = bre.charAt(i);
            boolean nextIsStart = false;
            boolean nextStarLiteral = false;
            switch (c) {
                case '\\' -> {
                    if (i + 1 >= bre.length()) {
                        throw new IllegalArgumentException("trailing backslash");
                    }
                    char e = bre.charAt(++i);
                    switch (e) {
                        case '(' -> {
                            out.append('(');
                            nextIsStart = true;
                        }
                        case '|' -> {
                            out.append('|');
                            nextIsStart = true;
                        }
                        case ')', '{', '}', '+', '?' -> out.append(e);
                        case '<' -> out.append("\\b(?=\\w)");
                        case '>' -> out.append("\\b(?<=\\w)");
                        case '`' -> out.append("\\A");
                        case '\'' -> out.append("\\z");
                        case 'b', 'B', 'w', 'W', 's', 'S' -> out.append('\\').append(e);
                        default -> {
                            if (e >= '1' && e <= '9') {
                                out.append('\\').append(e);
                            } else {
                                literal(out, e);
                            }
                        }
                    }
                }
                case '[' -> i = bracket(bre, i, out) - 1;
                case '*' -> {
                    if (starLiteral) {
                        literal(out, c);
                    } else {
                        out.append('*');
                    }
                }
                case '^' -> {
                    if (caretAnchors) {
                        out.append('^');
                        nextStarLiteral = true;
                    } else {
                        literal(out, c);
                    }
                }
                case '$' -> out.append(atExpressionEnd(bre, i + 1) ? "$" : "\\$");
                case '.' -> out.append('.');
                default -> literal(out, c);
            }
            caretAnchors = nextIsStart;
            starLiteral = nextIsStart || nextStarLiteral;
            i++;
        }
        return out.toString();
    }

    /** {@code $} anchors at the end of the expression or of a group/alternative. */
    private static boolean atExpressionEnd(String bre, int next) {
        return next == bre.length() || bre.startsWith("\\)", next) || bre.startsWith("\\|", next);
    }

    /** Copies the bracket expression starting at {@code open}; returns the index after its closing ']'. */
    private static int bracket(String bre, int open, StringBuilder out) {
        int i = open + 1;
        out.append('[');
        if (i < bre.length() && bre.charAt(i) == '^') {
            out.append('^');
            i++;
        }
        boolean first = true;
        while (true) {
            if (i >= bre.length()) {
                throw new IllegalArgumentException("unterminated bracket expression");
            }
            char c = bre.charAt(i);
            if (c == ']' && !first) {
                out.append(']');
                return i + 1;
            }
            first = false;
            if (c == '[' && i + 1 < bre.length() && ":=.".indexOf(bre.charAt(i + 1)) >= 0) {
                char kind = bre.charAt(i + 1);
                int end = bre.indexOf(kind + "]", i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated [" + kind);
                }
                String body = bre.substring(i + 2, end);
                if (kind == ':') {
                    String cls = CLASSES.get(body);
                    if (cls == null) {
                        throw new IllegalArgumentException("unknown class " + body);
                    }
                    out.append(cls);
                } else {
                    body.chars().forEach(ch -> literal(out, (char) ch));
                }
                i = end + 2;
                continue;
            }
            if (i + 2 < bre.length() && bre.charAt(i + 1) == '-' && bre.charAt(i + 2) != ']') {
                literal(out, c);
                out.append('-');
                literal(out, bre.charAt(i + 2));
                i += 3;
                continue;
            }
            literal(out, c); // inside brackets a backslash is an ordinary character
            i++;
        }
    }

    /** Java allows a backslash before any non-alphabetic character, so every ASCII symbol is escaped. */
    private static void literal(StringBuilder out, char c) {
        if (c < 128 && !Character.isLetterOrDigit(c)) {
            out.append('\\');
        }
        out.append(c);
    }
}
