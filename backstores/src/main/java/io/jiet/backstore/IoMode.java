package io.jiet.backstore;

/** IET's IOMode values. */
public enum IoMode {
    /** Write-back: writes go to the page cache; durable on flush or FUA. */
    WRITE_BACK("wb"),
    /** Write-through: every write is durable before it completes. */
    WRITE_THROUGH("wt"),
    /** Read-only: writes are refused. */
    READ_ONLY("ro");

    private final String ietName;

    IoMode(String ietName) {
        this.ietName = ietName;
    }

    /** The name ietd.conf and /proc/net/iet/volume use. */
    public String ietName() {
        return ietName;
    }
}
