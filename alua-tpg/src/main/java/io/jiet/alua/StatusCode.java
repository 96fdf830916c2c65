package io.jiet.alua;

/**
 * The STATUS CODE of a target port group descriptor (SPC-4 §6.37, table "STATUS CODE field"): why the group is in
 * its current state.
 */
public enum StatusCode {
    /** 00h: no status available (the configured state, never changed). */
    NO_STATUS(0x00),
    /** 01h: target port asymmetric access state altered by SET TARGET PORT GROUPS command. */
    ALTERED_BY_SET_TARGET_PORT_GROUPS(0x01),
    /** 02h: target port asymmetric access state altered by implicit asymmetric logical unit access behavior. */
    ALTERED_BY_IMPLICIT_BEHAVIOR(0x02);

    private final int code;

    StatusCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
