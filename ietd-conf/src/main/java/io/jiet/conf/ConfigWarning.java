package io.jiet.conf;

/**
 * A non-fatal remark about a configuration file: something IET accepted that jiet ignores, replaces or advises
 * against. {@link #toString()} reads {@code FILE:LINE: message}, the same shape as {@link ConfigException}.
 */
public record ConfigWarning(String file, int line, String message) {
    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}
