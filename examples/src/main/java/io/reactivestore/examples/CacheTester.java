package io.reactivestore.examples;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.examples.cache.CacheWorkload;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.layered.CollectionReport;
import io.reactivestore.store.layered.LayeredEventStore;
import io.reactivestore.store.layered.LayeredStats;
import io.reactivestore.store.memory.MemoryEventStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * The layer2 cache tester: a layered store whose L1 (memory) is capped at a few MB over an L2 holding
 * at least 100 000 events, driven by a long run of random queries (Zipf-distributed authors) and writes.
 * Every two seconds it prints L1's size, the hit rate and the evictions; it stops by itself.
 *
 * <p>It checks as it goes, and exits with an error at the first violation: after every collection L1 is
 * inside its cap (measured on L1 itself), every query answers exactly what L2 alone answers, and
 * events a collection evicted come back from L2 when queried.
 *
 * <p>Run: {@code mvn -B -q -pl examples -am -DskipTests package exec:exec
 * -Dexample.main=io.reactivestore.examples.CacheTester -Dexample.args="--events 105000 --l1-mb 4 --seconds 60"}
 */
public final class CacheTester {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration REPORT_EVERY = Duration.ofSeconds(2);
    private static final int CHECKPOINT_EVERY = 2_000;

    private final LayeredEventStore store;
    private final EventStore l1;
    private final EventStore l2;
    private final long maxBytes;
    private final CacheWorkload workload;
    private final List<Event> known = new ArrayList<>();
    private final AtomicLong capViolations = new AtomicLong();
    private long operations;
    private long evictedRequeried;

    private CacheTester(EventStore l1, EventStore l2, long maxBytes, CacheWorkload workload) {
        this.l1 = l1;
        this.l2 = l2;
        this.maxBytes = maxBytes;
        this.workload = workload;
        this.store = LayeredEventStore.builder(l1, l2).maxBytes(maxBytes).collectEvery(Duration.ofMillis(500)).build();
    }

    public static void main(String[] args) {
        Map<String, String> options = options(args);
        int events = Integer.parseInt(options.getOrDefault("--events", "105000"));
        long maxBytes = Long.parseLong(options.getOrDefault("--l1-mb", "4")) * 1024 * 1024;
        Duration runFor = Duration.ofSeconds(Long.parseLong(options.getOrDefault("--seconds", "60")));
        CacheWorkload workload = new CacheWorkload(2_000, 1.0, 7, 1_700_000_000L);

        System.out.printf("signing %d events for L2...%n", events);
        List<Event> history = workload.history(events);
        MemoryEventStore l2 = MemoryEventStore.create();
        l2.importEvents(Flux.fromIterable(history)).block(TIMEOUT);
        System.out.printf("L2 holds %d events (%d MB of JSON); L1 capped at %d MB; running %d s%n",
                l2.size(), history.stream().mapToLong(Event::jsonLength).sum() >> 20, maxBytes >> 20,
                runFor.toSeconds());

        CacheTester tester = new CacheTester(MemoryEventStore.create(), l2, maxBytes, workload);
        tester.known.addAll(history);
        try {
            tester.run(runFor);
        } finally {
            tester.store.close().block(TIMEOUT);
        }
    }

    private void run(Duration runFor) {
        Disposable capWatch = store.collections().subscribe(this::checkReport);
        long start = System.nanoTime();
        long deadline = start + runFor.toNanos();
        long nextReport = start + REPORT_EVERY.toNanos();
        while (System.nanoTime() < deadline) {
            step();
            if (++operations % CHECKPOINT_EVERY == 0) {
                checkpoint();
            }
            if (System.nanoTime() >= nextReport) {
                print(System.nanoTime() - start);
                nextReport += REPORT_EVERY.toNanos();
            }
        }
        capWatch.dispose();
        checkpoint();
        print(System.nanoTime() - start);
        if (capViolations.get() > 0) {
            throw new IllegalStateException(capViolations.get() + " collections left L1 above its cap");
        }
        System.out.printf("OK: %d operations, every answer equal to L2's, L1 inside %d bytes after every "
                + "collection, %d evicted events queried back from L2%n", operations, maxBytes, evictedRequeried);
    }

    /** One random operation: a write (one in five) or a query checked against L2. */
    private void step() {
        if (workload.nextInt(5) == 0) {
            Event e = workload.newEvent();
            store.save(e).block(TIMEOUT);
            known.add(e);
            return;
        }
        Filter filter = workload.someQuery(known);
        List<Event> layered = Objects.requireNonNull(store.query(filter).collectList().block(TIMEOUT), "completed empty");
        List<Event> authoritative = Objects.requireNonNull(l2.query(filter).collectList().block(TIMEOUT), "completed empty");
        if (!Objects.equals(layered, authoritative)) {
            List<Event> missing = new ArrayList<>(authoritative);
            missing.removeAll(layered);
            List<Event> extra = new ArrayList<>(layered);
            extra.removeAll(authoritative);
            throw new IllegalStateException("layered answer differs from L2's for " + filter + ": " + layered.size()
                    + " events against " + authoritative.size() + "; missing " + missing + ", extra " + extra
                    + "; missing ones in L1 now: " + missing.stream().filter(e -> l1.query(
                            Filter.builder().ids(e.id()).build()).hasElements().block(TIMEOUT)).count());
        }
    }

    private void checkReport(CollectionReport report) {
        if (report.bytesAfter() > maxBytes) {
            capViolations.incrementAndGet();
        }
    }

    /**
     * Lets the back-fill settle, runs a collection, measures L1 itself against the cap and queries a few
     * of the events the collection evicted.
     */
    private void checkpoint() {
        store.idle().block(TIMEOUT);
        Set<String> before = ids();
        CollectionReport report = store.collect().block(TIMEOUT);
        if (report == null) {
            return; // the scheduled collection was running; the next checkpoint measures
        }
        long bytes = Objects.requireNonNull(l1.export().map(Event::jsonLength).reduce(0, Integer::sum).block(TIMEOUT), "completed empty");
        if (bytes > maxBytes) {
            throw new IllegalStateException("L1 holds " + bytes + " bytes after a collection, above its cap");
        }
        Set<String> evicted = new HashSet<>(before);
        evicted.removeAll(ids());
        for (String id : evicted.stream().limit(3).toList()) {
            List<Event> back = Objects.requireNonNull(store.query(Filter.builder().ids(id).build()).collectList().block(TIMEOUT), "completed empty");
            if (back.size() != 1 || !back.get(0).id().equals(id)) {
                throw new IllegalStateException("evicted event " + id + " did not come back from L2");
            }
            evictedRequeried++;
        }
    }

    private Set<String> ids() {
        return Objects.requireNonNull(l1.export().map(Event::id).collect(Collectors.toSet()).block(TIMEOUT), "completed empty");
    }

    private void print(long elapsedNanos) {
        LayeredStats s = store.stats();
        System.out.printf("%6.1f s  ops %8d  L1 %6d events %6d KB  hit rate %5.1f%%  evicted %7d  "
                        + "collections %4d  back-filled %7d (dropped %d)%n",
                elapsedNanos / 1e9, operations, s.l1Events(), s.l1Bytes() >> 10, 100 * s.hitRate(), s.evicted(),
                s.collections(), s.backfilled(), s.backfillDropped());
    }

    private static Map<String, String> options(String[] args) {
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("options come as --name value pairs: --events N --l1-mb M --seconds S");
        }
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        return options;
    }
}
