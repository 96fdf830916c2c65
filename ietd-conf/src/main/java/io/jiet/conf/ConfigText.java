package io.jiet.conf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits ietd.conf text into {@link Statement}s. Words are separated by blanks. A word starting with {@code #}
 * begins a comment that runs to the end of the line: IET only knew whole-line comments (its parser looked at the
 * first word), jiet also allows trailing ones. A line whose last non-blank character is a backslash continues on
 * the next line, as IET's man page promised (its parser never implemented it): the backslash, the line break and
 * the next line's indentation vanish, so {@code Path=/x,\} followed by an indented {@code Type=fileio} reads as
 * one word, while a blank before the backslash keeps two words apart.
 */
final class ConfigText {
    private ConfigText() {
    }

    static List<Statement> statements(String text) {
        List<Statement> statements = new ArrayList<>();
        String[] lines = text.split("\\R", -1);
        StringBuilder pending = null;
        int start = 0;
        for (int i = 0; i < lines.length; i++) {
            String content = withoutComment(lines[i]).stripTrailing();
            boolean continues = content.endsWith("\\");
            if (continues) {
                content = content.substring(0, content.length() - 1);
            }
            if (pending == null) {
                pending = new StringBuilder(content);
                start = i + 1;
            } else {
                pending.append(content.stripLeading());
            }
            if (!continues) {
                add(statements, start, pending);
                pending = null;
            }
        }
        if (pending != null) {
            add(statements, start, pending);
        }
        return statements;
    }

    private static void add(List<Statement> statements, int line, CharSequence text) {
        String trimmed = text.toString().strip();
        if (trimmed.isEmpty()) {
            return;
        }
        List<String> words = Arrays.asList(trimmed.split("\\s+"));
        statements.add(new Statement(line, words.getFirst(), words.subList(1, words.size())));
    }

    private static String withoutComment(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }
}
