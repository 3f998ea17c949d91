package io.reactivestore.internal.sql;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * Group commit for {@code fsync}: forces a file on behalf of every caller that asked since the last force
 * began, one force at a time, so concurrent commits share one force instead of queueing one each.
 *
 * <p>A caller asks after its commit has been written; the force it waits for starts after it asked, so it
 * covers that commit. While a force runs, new callers wait for the next one, which starts when the running
 * one ends. At most one force runs and at most one is pending; waiting callers cost one subscription each
 * (their own pending {@code Mono}). The force runs on {@code scheduler}; callers are completed on that
 * thread. Thread-safe.
 */
final class GroupSync {

    /** A blocking force of the file; may throw. */
    interface Force {
        void run() throws Exception;
    }

    private final Force force;
    private final Scheduler scheduler;
    private final Object lock = new Object();
    private Sinks.@Nullable Empty<Void> next;
    private boolean running;

    GroupSync(Force force, Scheduler scheduler) {
        this.force = force;
        this.scheduler = scheduler;
    }

    /** Completes once a force that started after this call ended; fails if that force failed. */
    Mono<Void> sync() {
        return Mono.defer(() -> {
            Sinks.Empty<Void> mine;
            boolean start = false;
            synchronized (lock) {
                if (next == null) {
                    next = Sinks.empty();
                }
                mine = next;
                if (!running) {
                    running = true;
                    start = true;
                }
            }
            if (start) {
                try {
                    scheduler.schedule(this::runForces);
                } catch (RuntimeException rejected) { // scheduler disposed or saturated
                    synchronized (lock) {
                        running = false;
                        next = null;
                    }
                    mine.tryEmitError(rejected);
                }
            }
            return mine.asMono();
        });
    }

    private void runForces() {
        while (true) {
            Sinks.Empty<Void> group;
            synchronized (lock) {
                group = next;
                next = null;
                if (group == null) {
                    running = false;
                    return;
                }
            }
            try {
                force.run();
                group.tryEmitEmpty();
            } catch (Throwable e) {
                group.tryEmitError(e);
            }
        }
    }
}
