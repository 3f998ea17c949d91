package io.reactivestore.relay.server;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The relay-wide count of open NIP-77 sessions, capped at {@link RelayOptions#maxNegentropySessionsTotal()}:
 * a non-blocking counting semaphore shared by every connection's {@link NegentropySessions}. Thread-safe.
 */
final class NegentropyBudget {

    private final int max;
    private final AtomicInteger open = new AtomicInteger();

    NegentropyBudget(int max) {
        this.max = max;
    }

    /** Takes one session's place; {@code false}, taking nothing, when all {@link #max()} are taken. */
    boolean tryAcquire() {
        while (true) {
            int now = open.get();
            if (now >= max) {
                return false;
            }
            if (open.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** Gives back one place taken by {@link #tryAcquire()}; exactly once per successful acquire. */
    void release() {
        open.decrementAndGet();
    }

    /** The sessions open now, over all connections. */
    int open() {
        return open.get();
    }

    /** The cap. */
    int max() {
        return max;
    }
}
