package io.jiet.server.session;

import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Target-initiated NOP-In pings on one connection (RFC 7143 §11.19 with a valid Target Transfer Tag), as IET's
 * NOPInterval and NOPTimeout configure them: every NOPInterval seconds a ping goes out; a connection that leaves
 * one unanswered for NOPTimeout seconds is dropped. Runs on the session's home loop.
 */
final class NopPinger {

    private static final int NO_PING = 0xffffffff;

    private final Session session;
    private final SessionConnection connection;
    private final long intervalNanos;
    private final long timeoutNanos;
    private ScheduledFuture<?> timer;
    private int outstandingTag = NO_PING;
    private long lastPingNanos;

    NopPinger(Session session, SessionConnection connection, int intervalSeconds, int timeoutSeconds) {
        this.session = session;
        this.connection = connection;
        this.intervalNanos = TimeUnit.SECONDS.toNanos(intervalSeconds);
        this.timeoutNanos = TimeUnit.SECONDS.toNanos(timeoutSeconds);
    }

    SessionConnection connection() {
        return connection;
    }

    void start() {
        lastPingNanos = System.nanoTime();
        timer = connection.eventLoop().scheduleAtFixedRate(() -> session.runOnHome(this::tick), 1, 1,
                TimeUnit.SECONDS);
    }

    private void tick() {
        if (timer == null) {
            return;
        }
        long now = System.nanoTime();
        if (outstandingTag != NO_PING) {
            if (timeoutNanos > 0 && now - lastPingNanos >= timeoutNanos) {
                stop();
                session.pingTimedOut(connection);
            }
            return;
        }
        if (now - lastPingNanos >= intervalNanos) {
            outstandingTag = session.sendPing(connection);
            lastPingNanos = now;
        }
    }

    /** A NOP-Out answering a ping arrived. */
    void answered(int targetTransferTag) {
        if (targetTransferTag == outstandingTag) {
            outstandingTag = NO_PING;
            lastPingNanos = System.nanoTime();
        }
    }

    void stop() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
