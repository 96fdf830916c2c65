package io.jiet.alua;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs the end of a timed transition later. Tests supply a manual one; the daemon uses {@link #daemonThread()}. */
@FunctionalInterface
public interface TransitionScheduler {

    /** Runs {@code action} once after {@code delay}; cancelling the future prevents it. */
    Future<?> schedule(Runnable action, Duration delay);

    /** A single daemon thread named {@code alua-transition}. */
    static TransitionScheduler daemonThread() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "alua-transition");
            t.setDaemon(true);
            return t;
        });
        return (action, delay) -> executor.schedule(action, delay.toNanos(), TimeUnit.NANOSECONDS);
    }
}
