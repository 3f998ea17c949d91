package io.reactivestore.benchmarks.relay;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Live fan-out: {@code subscribers} connections each hold one subscription {@code {kinds:[1], #t:[tag]}};
 * a separate connection publishes pre-signed matching events at a fixed rate. Latency is from just
 * before the publish to the arrival of the event's frame at each subscriber (one clock: same JVM).
 * Every subscriber must receive every event exactly once. Subscribers are bare {@link LoadConnection}s,
 * which read only the event id of a frame, so the figure is the relay's delivery, not a client's parsing.
 *
 * <p>The CPU figures are per delivered event (one event to one subscriber).
 */
final class FanOutScenario {

    record Result(int subscribers, int events, long delivered, long duplicates, long rejected, Latencies latencies,
                  CpuMeter cpu) {
        long expected() {
            return (long) subscribers * events;
        }
    }

    private FanOutScenario() {
    }

    static Result run(String url, int subscriberCount, int eventCount, Duration interval) throws InterruptedException {
        String tag = "fanout-" + System.nanoTime();
        List<Event> events = Workload.tagged(eventCount, tag);
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Latencies latencies = new Latencies(subscriberCount * eventCount);
        AtomicLong delivered = new AtomicLong();
        AtomicLong duplicates = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        CountDownLatch live = new CountDownLatch(subscriberCount);
        CountDownLatch done = new CountDownLatch(1);
        long expected = (long) subscriberCount * eventCount;
        List<LoadConnection> subscribers = Clients.openLoad(url, subscriberCount);
        LoadConnection publisher = Clients.openLoad(url, 1).get(0);
        Filter filter = Filter.builder().kinds(1).tag("t", tag).build();
        for (LoadConnection subscriber : subscribers) {
            Set<String> seen = new HashSet<>(); // touched only on the subscriber's event loop
            subscriber.subscribe(filter, new LoadConnection.LiveListener() {
                @Override
                public void endOfStored() {
                    live.countDown();
                }

                @Override
                public void live(String eventId) {
                    Long t0 = sentAt.get(eventId);
                    if (t0 != null) {
                        latencies.record(System.nanoTime() - t0);
                    }
                    if (!seen.add(eventId)) {
                        duplicates.incrementAndGet();
                    } else if (delivered.incrementAndGet() == expected) {
                        done.countDown();
                    }
                }
            });
        }
        try {
            if (!live.await(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("subscriptions did not reach EOSE");
            }
            CpuMeter cpu = CpuMeter.start();
            Flux.interval(interval)
                    .take(eventCount)
                    .flatMap(i -> Mono.defer(() -> {
                        Event e = events.get(i.intValue());
                        sentAt.put(e.id(), System.nanoTime());
                        return publisher.publish(e);
                    }).doOnNext(refusal -> {
                        if (!refusal.isEmpty()) {
                            rejected.incrementAndGet();
                        }
                    }), 256)
                    .then()
                    .block(Duration.ofMinutes(10));
            done.await(60, TimeUnit.SECONDS);
            cpu.stop();
            return new Result(subscriberCount, eventCount, delivered.get(), duplicates.get(), rejected.get(),
                    latencies, cpu);
        } finally {
            publisher.close();
            Clients.closeAll(subscribers);
        }
    }
}
