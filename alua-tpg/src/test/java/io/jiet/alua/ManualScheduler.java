package io.jiet.alua;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/** A {@link TransitionScheduler} the test drives: actions run only when {@link #runDue} is called. */
final class ManualScheduler implements TransitionScheduler {
    record Scheduled(Runnable action, Duration delay, CompletableFuture<Void> handle) {
    }

    final List<Scheduled> scheduled = new ArrayList<>();

    @Override
    public Future<?> schedule(Runnable action, Duration delay) {
        Scheduled s = new Scheduled(action, delay, new CompletableFuture<>());
        scheduled.add(s);
        return s.handle();
    }

    /** Runs every action scheduled so far that was not cancelled; returns how many ran. */
    int runDue() {
        List<Scheduled> due = new ArrayList<>(scheduled);
        scheduled.clear();
        int ran = 0;
        for (Scheduled s : due) {
            if (!s.handle().isCancelled()) {
                s.action().run();
                s.handle().complete(null);
                ran++;
            }
        }
        return ran;
    }
}
