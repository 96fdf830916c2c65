package io.jiet.conf;

/** A mistake in a configuration file; its message reads {@code FILE:LINE: what is wrong}. */
public final class ConfigException extends Exception {
    private final String file;
    private final int line;
    private final String problem;

    public ConfigException(String file, int line, String problem) {
        super(file + ":" + line + ": " + problem);
        this.file = file;
        this.line = line;
        this.problem = problem;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public String problem() {
        return problem;
    }
}
