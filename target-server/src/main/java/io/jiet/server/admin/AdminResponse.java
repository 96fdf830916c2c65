package io.jiet.server.admin;

/**
 * The daemon's answer: an exit status for jietadm and the text it prints (to stdout when the status is 0, to
 * stderr otherwise).
 */
record AdminResponse(int status, String text) {
    /** The operation was done (or the view shown). */
    static final int OK = 0;
    /** The daemon refused or could not do the operation: in use, not found, invalid value. */
    static final int REFUSED = 1;
    /** The request itself is malformed or names no known operation (a usage error). */
    static final int BAD_REQUEST = 2;

    static AdminResponse ok(String text) {
        return new AdminResponse(OK, text);
    }

    static AdminResponse refused(String message) {
        return new AdminResponse(REFUSED, message.endsWith("\n") ? message : message + "\n");
    }

    static AdminResponse badRequest(String message) {
        return new AdminResponse(BAD_REQUEST, message.endsWith("\n") ? message : message + "\n");
    }
}
