package io.jiet.backstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class ByteRangeLockTest {

    private static CompletableFuture<Integer> lockInBackground(ByteRangeLock lock, long start, long end) {
        CompletableFuture<Integer> token = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                token.complete(lock.lock(start, end));
            } catch (InterruptedIOException e) {
                token.completeExceptionally(e);
            }
        });
        return token;
    }

    @Test
    void disjointRangesAreHeldAtOnce() throws Exception {
        ByteRangeLock lock = new ByteRangeLock();
        int first = lock.lock(0, 4096);
        int second = lockInBackground(lock, 4096, 8192).get(5, TimeUnit.SECONDS);
        assertEquals(2, lock.held());
        lock.unlock(first);
        lock.unlock(second);
        assertEquals(0, lock.held());
    }

    @Test
    void anOverlappingRangeWaitsForTheRelease() throws Exception {
        ByteRangeLock lock = new ByteRangeLock();
        int held = lock.lock(4096, 12_288);
        CompletableFuture<Integer> waiting = lockInBackground(lock, 12_287, 12_288);
        assertThrows(TimeoutException.class, () -> waiting.get(200, TimeUnit.MILLISECONDS));
        lock.unlock(held);
        int token = waiting.get(5, TimeUnit.SECONDS);
        assertEquals(1, lock.held());
        lock.unlock(token);
    }

    @Test
    void manyRangesGrowTheSlotTableAndAreAllReleased() throws Exception {
        ByteRangeLock lock = new ByteRangeLock();
        int[] tokens = new int[100];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = lock.lock(i * 10L, i * 10L + 10);
        }
        assertEquals(100, lock.held());
        for (int token : tokens) {
            lock.unlock(token);
        }
        assertEquals(0, lock.held());
        assertThrows(IllegalStateException.class, () -> lock.unlock(tokens[0]));
        assertThrows(IllegalArgumentException.class, () -> lock.lock(5, 5));
    }

    @Test
    void aWaiterThatIsInterruptedGivesUpWithAnIoError() throws Exception {
        ByteRangeLock lock = new ByteRangeLock();
        int held = lock.lock(0, 100);
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread waiter = Thread.ofPlatform().daemon().start(() -> {
            try {
                lock.lock(50, 60);
                outcome.complete(null);
            } catch (InterruptedIOException e) {
                outcome.complete(Thread.currentThread().isInterrupted() ? e : new AssertionError("flag cleared"));
            }
        });
        Thread.sleep(100);
        waiter.interrupt();
        Throwable thrown = outcome.get(5, TimeUnit.SECONDS);
        assertTrue(thrown instanceof InterruptedIOException, String.valueOf(thrown));
        assertEquals(1, lock.held());
        lock.unlock(held);
    }
}
