package io.jiet.conf;

/**
 * A value that does not fit its key. {@link #getMessage()} is the rest of a sentence that starts with the key and
 * the value as written, e.g. "is out of range 512..16777215"; the caller adds the key, value, file and line.
 */
final class InvalidValue extends Exception {
    InvalidValue(String problem) {
        super(problem, null, false, false);
    }
}
