package io.jiet.conf;

import java.util.List;

/**
 * One logical line of ietd.conf: a keyword and the words after it, comments and continuations removed.
 *
 * @param line    the physical line the statement starts on (1-based), for messages
 * @param keyword the first word, as written
 * @param args    the remaining words
 */
record Statement(int line, String keyword, List<String> args) {
    Statement {
        args = List.copyOf(args);
    }

    /** The arguments joined by single blanks (Alias text may contain blanks). */
    String restOfLine() {
        return String.join(" ", args);
    }
}
