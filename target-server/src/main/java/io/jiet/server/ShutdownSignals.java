package io.jiet.server;

import sun.misc.Signal;

/**
 * SIGTERM and SIGINT end the daemon through its own shutdown path, so it exits with status 0 after syncing data
 * (a JVM shutdown hook alone would exit with 143). SIGHUP re-reads the configuration, as daemons do.
 */
final class ShutdownSignals {
    private ShutdownSignals() {
    }

    static void onTerminate(Runnable action) {
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> action.run());
        }
    }

    /** Runs {@code action} at each SIGHUP (on the JVM's signal thread, one at a time). */
    static void onHangUp(Runnable action) {
        Signal.handle(new Signal("HUP"), signal -> action.run());
    }
}
