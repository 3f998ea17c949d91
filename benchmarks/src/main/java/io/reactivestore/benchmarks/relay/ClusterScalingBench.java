package io.reactivestore.benchmarks.relay;

import com.sun.management.OperatingSystemMXBean;
import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.relay.server.NostrRelay;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Ingest and REQ throughput of a relay cluster with 1, 2 and 3 nodes (one JVM, wired as
 * {@link ClusterNodes} does) on one PostgreSQL, a fresh embedded database for each node count. First the
 * JVM is warmed up (JIT) by whole unmeasured runs with 1, 2 and 3 nodes, each on its own database. Per node
 * count: a warm-up (2,000 events, 300 REQs, not measured), then {@code events} pre-signed events published
 * over 8 connections spread round-robin over the nodes, each with {@code window} EVENTs awaiting their
 * {@code OK} (every one must be accepted), then {@code requests} REQs over 8 connections spread the same way,
 * 4 in flight per connection, each to its {@code EOSE}: a third each of {@code {authors:[a],limit:50}},
 * {@code {kinds:[1],#t:[t],limit:100}} and {@code {ids:[10 stored ids]}}. Reports events/s, REQ/s, REQ
 * latency p50/p99 and CPU per operation, split into this JVM's process CPU (relays and clients) and
 * PostgreSQL's (the postmaster and its children, from {@code /proc/<pid>/stat}): everything shares one
 * machine, so wall-clock throughput cannot show the scaling, CPU per operation can. Arguments:
 * {@code [events] [requests] [window] [node counts]} (default {@code 30000 9000 32 1,2,3,3,2,1}; the node counts run in
 * the order given, after the JVM warm-up; the default runs each twice, in both orders, so drift shows).
 */
public final class ClusterScalingBench {

    private static final int CONNECTIONS = 8;
    private static final int REQ_WINDOW = 4;
    private static final OperatingSystemMXBean PROCESS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private ClusterScalingBench() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args {@code [events] [requests] [window] [node counts]}
     * @throws Exception if a node, the database or a client fails
     */
    public static void main(String[] args) throws Exception {
        int eventCount = args.length > 0 ? Integer.parseInt(args[0]) : 30_000;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 9_000;
        int window = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        Workload workload = Workload.generate(eventCount, 100, "scaling");
        Workload warmUp = Workload.generate(2_000, 20, "warm-up");
        Workload jvmWarmUp = Workload.generate(eventCount, 100, "jvm warm-up");
        for (int nodeCount = 1; nodeCount <= 3; nodeCount++) {
            System.out.println("JVM warm-up (" + nodeCount + " node(s), own database, not measured):");
            run(nodeCount, jvmWarmUp, warmUp, requests, window);
        }
        List<String> rows = new ArrayList<>();
        for (String count : (args.length > 3 ? args[3] : "1,2,3,3,2,1").split(",")) {
            rows.add(run(Integer.parseInt(count.trim()), workload, warmUp, requests, window));
        }
        System.out.printf(Locale.ROOT, "%n%d events (window %d), %d REQs (%d in flight), %d connections each%n",
                eventCount, window, requests, REQ_WINDOW, CONNECTIONS);
        System.out.println("| nodes | events/s | JVM CPU/event | PostgreSQL CPU/event | REQ/s | REQ p50 | REQ p99"
                + " | JVM CPU/REQ | PostgreSQL CPU/REQ |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        rows.forEach(System.out::println);
    }

    /** One fresh database and {@code nodeCount} nodes: a short warm-up, then the measured ingest and REQs. */
    private static String run(int nodeCount, Workload workload, Workload warmUp, int requests, int window)
            throws Exception {
        int eventCount = workload.events.size();
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setLocaleConfig("locale", "C").start()) {
            long postmaster = postmasterPid(pg);
            List<NostrRelay> nodes = new ArrayList<>();
            for (int n = 0; n < nodeCount; n++) {
                nodes.add(ClusterNodes.start(pg.getPort(), "node-" + (char) ('a' + n)));
            }
            List<String> urls = nodes.stream().map(NostrRelay::url).toList();
            ingest(urls, warmUp.events, window);
            query(urls, warmUp, 300);

            long[] cpu0 = cpu(postmaster);
            long t0 = System.nanoTime();
            long rejected = ingest(urls, workload.events, window);
            double ingestSeconds = (System.nanoTime() - t0) / 1e9;
            long[] cpu1 = cpu(postmaster);
            Latencies latencies = new Latencies(requests);
            long t1 = System.nanoTime();
            long[] problems = query(urls, workload, requests, latencies);
            double querySeconds = (System.nanoTime() - t1) / 1e9;
            long[] cpu2 = cpu(postmaster);

            double eventsPerSecond = eventCount / ingestSeconds;
            double reqPerSecond = requests / querySeconds;
            String row = String.format(Locale.ROOT,
                    "| %d | %,.0f | %.0f µs | %.0f µs | %,.0f | %.1f ms | %.1f ms | %.0f µs | %.0f µs |",
                    nodeCount, eventsPerSecond, (cpu1[0] - cpu0[0]) / 1e3 / eventCount,
                    (cpu1[1] - cpu0[1]) / 1e3 / eventCount, reqPerSecond, latencies.percentileMillis(50),
                    latencies.percentileMillis(99), (cpu2[0] - cpu1[0]) / 1e3 / requests,
                    (cpu2[1] - cpu1[1]) / 1e3 / requests);
            System.out.printf(Locale.ROOT, "%d node(s): %d events in %.2f s (%d rejected), %d REQs in %.2f s"
                            + " (%d refused, %d wrong ids answers)%n  %s%n", nodeCount, eventCount, ingestSeconds,
                    rejected, requests, querySeconds, problems[0], problems[1], row);
            for (NostrRelay node : nodes) {
                node.shutdown().block(Duration.ofSeconds(30));
            }
            return row;
        }
    }

    /** {@code CONNECTIONS} load connections, connection {@code c} on node {@code c % nodes}. */
    private static List<LoadConnection> open(List<String> urls) {
        return Objects.requireNonNull(Flux.range(0, CONNECTIONS)
                .flatMapSequential(c -> LoadConnection.connect(urls.get(c % urls.size())))
                .collectList().block(Duration.ofMinutes(1)), "connections");
    }

    /** Publishes every event; returns how many were not accepted. */
    private static long ingest(List<String> urls, List<Event> events, int window) {
        List<LoadConnection> clients = open(urls);
        try {
            List<List<LoadConnection.Publication>> slices = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                slices.add(new ArrayList<>());
            }
            for (int i = 0; i < events.size(); i++) {
                slices.get(i % CONNECTIONS).add(LoadConnection.Publication.of(events.get(i)));
            }
            AtomicLong rejected = new AtomicLong();
            Flux.range(0, CONNECTIONS)
                    .flatMap(c -> Flux.fromIterable(slices.get(c))
                            .flatMap(p -> clients.get(c).publish(p), window)
                            .doOnNext(ok -> {
                                if (!ok.isEmpty() && rejected.getAndIncrement() == 0) {
                                    System.out.println("  first rejection: " + ok);
                                }
                            }), CONNECTIONS)
                    .then().block(Duration.ofMinutes(30));
            return rejected.get();
        } finally {
            Clients.closeAll(clients);
        }
    }

    private static void query(List<String> urls, Workload workload, int requests) {
        query(urls, workload, requests, new Latencies(requests));
    }

    /** Runs the REQ mix; returns {refused, ids REQs not answered with their 10 events}. */
    private static long[] query(List<String> urls, Workload workload, int requests, Latencies latencies) {
        Random random = new Random(requests);
        List<Filter> mix = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            mix.add(switch (i % 3) {
                case 0 -> Filter.builder()
                        .authors(workload.authors.get(random.nextInt(workload.authors.size())).publicKey())
                        .limit(50).build();
                case 1 -> Filter.builder().kinds(1).tag("t", Workload.topic(random.nextInt(Workload.TOPICS)))
                        .limit(100).build();
                default -> Filter.builder().ids(random.ints(0, workload.events.size()).distinct().limit(10)
                        .mapToObj(k -> workload.events.get(k).id()).toList()).build();
            });
        }
        List<LoadConnection> clients = open(urls);
        AtomicLong refused = new AtomicLong();
        AtomicLong wrong = new AtomicLong();
        try {
            Flux.range(0, requests)
                    .groupBy(i -> i % CONNECTIONS)
                    .flatMap(group -> group.flatMap(i -> Mono.defer(() -> {
                        long start = System.nanoTime();
                        return clients.get(group.key()).fetch(mix.get(i)).doOnNext(answer -> {
                            latencies.record(System.nanoTime() - start);
                            if (mix.get(i).ids() != null && (answer.events() != 10 || !answer.allExpectedIds())) {
                                wrong.incrementAndGet();
                            }
                        });
                    }).onErrorResume(LoadConnection.Refused.class, e -> {
                        refused.incrementAndGet();
                        return Mono.empty();
                    }), REQ_WINDOW), CONNECTIONS)
                    .then().block(Duration.ofMinutes(30));
            return new long[] {refused.get(), wrong.get()};
        } finally {
            Clients.closeAll(clients);
        }
    }

    /** The postmaster: the parent of a backend serving a JDBC connection. */
    private static long postmasterPid(EmbeddedPostgres pg) throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            return PostgresProcesses.postmasterPid(s);
        }
    }

    /** {this JVM's process CPU ns, PostgreSQL's CPU ns (the postmaster, its live and its reaped children)}. */
    private static long[] cpu(long postmaster) throws IOException {
        return new long[] {PROCESS.getProcessCpuTime(), PostgresProcesses.cpuNanos(postmaster)};
    }
}
