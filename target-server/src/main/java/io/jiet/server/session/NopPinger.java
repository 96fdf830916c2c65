package io.jiet.server.session;

import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Target-initiated NOP-In pings (RFC 7143 §11.19 with a valid Target Transfer Tag), as IET's NOPInterval and
 * NOPTimeout configure them: every NOPInterval seconds a ping goes out; a connection that leaves one unanswered for
 * NOPTimeout seconds is dropped. Confined to the session connection's event loop.
 */
final class NopPinger {

    private static final int NO_PING = 0xffffffff;

    private final Session session;
    private final long intervalNanos;
    private final long timeoutNanos;
    private ScheduledFuture<?> timer;
    private int outstandingTag = NO_PING;
    private long lastPingNanos;

    NopPinger(Session session, int intervalSeconds, int timeoutSeconds) {
        this.session = session;
        this.intervalNanos = TimeUnit.SECONDS.toNanos(intervalSeconds);
        this.timeoutNanos = TimeUnit.SECONDS.toNanos(timeoutSeconds);
    }

    void start(SessionConnection connection) {
        stop();
        outstandingTag = NO_PING;
        lastPingNanos = System.nanoTime();
        timer = connection.eventLoop().scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    private void tick() {
        long now = System.nanoTime();
        if (outstandingTag != NO_PING) {
            if (timeoutNanos > 0 && now - lastPingNanos >= timeoutNanos) {
                stop();
                session.pingTimedOut();
            }
            return;
        }
        if (now - lastPingNanos >= intervalNanos) {
            outstandingTag = session.sendPing();
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
