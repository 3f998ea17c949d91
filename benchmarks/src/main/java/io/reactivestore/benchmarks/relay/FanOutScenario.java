package io.reactivestore.benchmarks.relay;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.relay.RelayClient;
import io.reactivestore.relay.SubscriptionItem;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Live fan-out: {@code subscribers} connections each hold one subscription {@code {kinds:[1], #t:[tag]}};
 * a separate connection publishes pre-signed matching events at a fixed rate. Latency is from just
 * before the publish to the arrival of the {@code Live} item at each subscriber (one clock: same JVM).
 * Every subscriber must receive every event exactly once.
 */
final class FanOutScenario {

    record Result(int subscribers, int events, long delivered, long duplicates, Latencies latencies) {
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
        CountDownLatch live = new CountDownLatch(subscriberCount);
        CountDownLatch done = new CountDownLatch(1);
        long expected = (long) subscriberCount * eventCount;
        List<RelayClient> subscribers = Clients.openConnected(url, subscriberCount);
        RelayClient publisher = Clients.open(url);
        List<Filter> filter = List.of(Filter.builder().kinds(1).tag("t", tag).build());
        List<Disposable> subscriptions = subscribers.stream().map(client -> {
            Map<String, Boolean> seen = new ConcurrentHashMap<>();
            return client.subscribe(filter).subscribe(item -> {
                if (item instanceof SubscriptionItem.EndOfStored) {
                    live.countDown();
                } else if (item instanceof SubscriptionItem.Live l) {
                    Long t0 = sentAt.get(l.event().id());
                    if (t0 != null) {
                        latencies.record(System.nanoTime() - t0);
                    }
                    if (seen.put(l.event().id(), Boolean.TRUE) != null) {
                        duplicates.incrementAndGet();
                    } else if (delivered.incrementAndGet() == expected) {
                        done.countDown();
                    }
                }
            }, error -> System.out.println("  subscriber failed: " + error));
        }).toList();
        try {
            if (!live.await(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("subscriptions did not reach EOSE");
            }
            publisher.connect().block(Duration.ofSeconds(30));
            Flux.interval(interval)
                    .take(eventCount)
                    .flatMap(i -> Mono.defer(() -> {
                        Event e = events.get(i.intValue());
                        sentAt.put(e.id(), System.nanoTime());
                        return publisher.publish(e);
                    }).then(), 256)
                    .then()
                    .block(Duration.ofMinutes(10));
            done.await(60, TimeUnit.SECONDS);
            return new Result(subscriberCount, eventCount, delivered.get(), duplicates.get(), latencies);
        } finally {
            subscriptions.forEach(Disposable::dispose);
            publisher.close();
            Clients.closeAll(subscribers);
        }
    }
}
