package io.reactivestore.relay.server;

import io.reactivestore.event.Event;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Live fan-out apart from publishers: storing an event and answering its {@code OK} only queues the
 * event here; one thread of its own matches each event against the {@link LiveIndex} and queues it on
 * every matching subscription's connection, in submission order (so every connection sees live events
 * in the order they were stored). The work per event is the index lookup plus one queue offer per
 * matching subscription; rendering and writing happen later on each connection's event loop, bounded
 * by its outbound budgets.
 *
 * <p><b>Bound.</b> {@link #saturated()} turns true at {@code maxBacklog} waiting events, and the relay
 * then refuses new {@code EVENT}s before storing them ({@code rate-limited:}); events admitted just
 * before may still be added, so the queue holds at most {@code maxBacklog} plus the events being saved
 * at that moment (each connection has at most {@link RelayOptions#maxEventsInFlight()}).
 *
 * <p>{@code afterDelivery} of each event runs on the fan-out thread once the event was offered to every
 * matching subscription (the relay ends the event's {@link InFlightEvents} entry there, which keeps the
 * EOSE boundary exact).
 */
final class LiveDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(LiveDispatcher.class);

    /** One event to fan out, and what to run after. */
    private record Job(Event event, Runnable afterDelivery) {
    }

    private final LiveIndex index;
    private final int maxBacklog;
    private final ConcurrentLinkedQueue<Job> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicInteger wip = new AtomicInteger();
    private final Scheduler thread = Schedulers.newSingle("relay-fanout", true);

    LiveDispatcher(LiveIndex index, int maxBacklog) {
        this.index = index;
        this.maxBacklog = maxBacklog;
    }

    /** Whether the backlog is at its budget (refuse new events). */
    boolean saturated() {
        return size.get() >= maxBacklog;
    }

    /** Events waiting for their fan-out. */
    int backlog() {
        return size.get();
    }

    /** Queues {@code event} for fan-out; never blocks, never refuses. */
    void submit(Event event, Runnable afterDelivery) {
        queue.add(new Job(event, afterDelivery));
        size.incrementAndGet();
        if (wip.getAndIncrement() == 0) {
            thread.schedule(this::drain);
        }
    }

    private void drain() {
        int missed = 1;
        while (true) {
            Job job;
            while ((job = queue.poll()) != null) {
                size.decrementAndGet();
                deliver(job);
            }
            missed = wip.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    private void deliver(Job job) {
        try {
            for (LiveSubscription subscription : index.matching(job.event())) {
                subscription.offerLive(job.event());
            }
        } catch (RuntimeException e) {
            LOG.warn("live fan-out of {} failed", job.event().id(), e);
        } finally {
            job.afterDelivery().run();
        }
    }

    /** Stops the fan-out thread; events still queued are not delivered. */
    void dispose() {
        thread.dispose();
    }
}
