package io.reactivestore.benchmarks.relay;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.UnsignedEvent;
import io.reactivestore.relay.server.NostrRelay;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cross-node live delivery of a relay cluster: three relay nodes (one JVM, each with its own store
 * instance, pool and listening connection) on one embedded PostgreSQL; {@code subscribers} WebSocket
 * connections spread evenly over the nodes, each with one open subscription to the publisher's notes;
 * one publisher on node A sends {@code rate} events per second for {@code seconds} (after a 5 s warm-up
 * that is not measured). Reports, per node, the latency from send to receipt (p50/p99/max) and whether
 * every subscriber got every event exactly once. Arguments: {@code [subscribers] [rate] [seconds]}
 * (default 200 100 30).
 */
public final class ClusterLatencyBench {

    private ClusterLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        int subscribers = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int nodeCount = 3;
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setLocaleConfig("locale", "C").start()) {
            List<NostrRelay> nodes = new ArrayList<>();
            for (int n = 0; n < nodeCount; n++) {
                nodes.add(ClusterNodes.start(pg.getPort(), "node-" + (char) ('a' + n)));
            }
            KeyPair keys = KeyPair.generate();
            Filter notes = Filter.builder().kinds(1).authors(keys.publicKey()).build();
            int warmUp = 5 * rate;
            int measured = seconds * rate;
            Map<String, Integer> indexOf = new ConcurrentHashMap<>();
            long[] sentAt = new long[warmUp + measured];
            Latencies[] latencies = new Latencies[nodeCount];
            AtomicIntegerArray[] deliveries = new AtomicIntegerArray[nodeCount];
            int[] perNode = new int[nodeCount];
            AtomicLong unknown = new AtomicLong();
            for (int n = 0; n < nodeCount; n++) {
                latencies[n] = new Latencies(measured * subscribers);
                deliveries[n] = new AtomicIntegerArray(warmUp + measured);
            }
            CountDownLatch subscribed = new CountDownLatch(subscribers);
            List<LoadConnection> connections = new ArrayList<>();
            for (int s = 0; s < subscribers; s++) {
                int n = s % nodeCount;
                perNode[n]++;
                LoadConnection c = Objects.requireNonNull(LoadConnection.connect(nodes.get(n).url()).block(Duration.ofSeconds(30)), "completed empty");
                connections.add(c);
                c.subscribe(notes, new LoadConnection.LiveListener() {
                    @Override
                    public void endOfStored() {
                        subscribed.countDown();
                    }

                    @Override
                    public void live(String eventId) {
                        long now = System.nanoTime();
                        Integer i = indexOf.get(eventId);
                        if (i == null) {
                            unknown.incrementAndGet();
                            return;
                        }
                        deliveries[n].incrementAndGet(i);
                        if (i >= warmUp) {
                            latencies[n].record(now - sentAt[i]);
                        }
                    }
                });
            }
            if (!subscribed.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("subscriptions not open within 60 s");
            }
            LoadConnection publisher = Objects.requireNonNull(LoadConnection.connect(nodes.get(0).url()).block(Duration.ofSeconds(30)), "completed empty");
            List<Event> events = new ArrayList<>();
            long base = System.currentTimeMillis() / 1000;
            for (int i = 0; i < warmUp + measured; i++) {
                Event e = keys.sign(new UnsignedEvent(base, 1, List.of(), "cluster latency " + i));
                events.add(e);
                indexOf.put(e.id(), i);
            }
            AtomicInteger refused = new AtomicInteger();
            long periodNanos = 1_000_000_000L / rate;
            long start = System.nanoTime();
            for (int i = 0; i < events.size(); i++) {
                long due = start + i * periodNanos;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    TimeUnit.NANOSECONDS.sleep(Math.min(wait, 1_000_000));
                }
                sentAt[i] = System.nanoTime();
                publisher.publish(events.get(i)).subscribe(ok -> {
                    if (!ok.isEmpty()) {
                        refused.incrementAndGet();
                    }
                });
            }
            // the last events arrive: wait until no delivery came for 3 s (at most 2 minutes)
            long quietSince = System.nanoTime();
            long last = -1;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (System.nanoTime() - quietSince < TimeUnit.SECONDS.toNanos(3) && System.nanoTime() < deadline) {
                long now = 0;
                for (AtomicIntegerArray d : deliveries) {
                    for (int i = 0; i < d.length(); i++) {
                        now += d.get(i);
                    }
                }
                if (now != last) {
                    last = now;
                    quietSince = System.nanoTime();
                }
                Thread.sleep(200);
            }
            System.out.printf(Locale.ROOT, "%d nodes, %d subscribers (%s per node), publisher on node-a, %d events/s,"
                    + " %d measured events after %d warm-up events; %d refused%n", nodeCount, subscribers,
                    java.util.Arrays.toString(perNode), rate, measured, warmUp, refused.get());
            for (int n = 0; n < nodeCount; n++) {
                long expected = (long) perNode[n] * measured;
                long exactlyOnce = 0;
                long total = 0;
                for (int i = warmUp; i < warmUp + measured; i++) {
                    int got = deliveries[n].get(i);
                    total += got;
                    if (got == perNode[n]) {
                        exactlyOnce++;
                    }
                }
                System.out.printf(Locale.ROOT, "node-%c%s: delivered %d of %d (%.2f%%), events delivered to every"
                                + " subscriber exactly once: %d of %d; latency p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                        (char) ('a' + n), n == 0 ? " (local)" : " (cross-node)", total, expected,
                        100.0 * total / expected, exactlyOnce, measured, latencies[n].percentileMillis(50),
                        latencies[n].percentileMillis(99), latencies[n].percentileMillis(100));
            }
            System.out.println("unknown deliveries: " + unknown.get());
            publisher.close();
            connections.forEach(LoadConnection::close);
            for (NostrRelay node : nodes) {
                node.shutdown().block(Duration.ofSeconds(30));
            }
        }
    }
}
