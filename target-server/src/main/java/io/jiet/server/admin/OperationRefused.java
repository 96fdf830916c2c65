package io.jiet.server.admin;

/** A runtime change the daemon will not make: the target or LUN is in use, a name is taken, a value is invalid. */
public final class OperationRefused extends Exception {
    public OperationRefused(String message) {
        super(message, null, false, false);
    }
}
