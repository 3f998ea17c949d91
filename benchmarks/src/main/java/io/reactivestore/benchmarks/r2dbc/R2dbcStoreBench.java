package io.reactivestore.benchmarks.r2dbc;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.NostrJson;
import io.reactivestore.store.ndjson.Ndjson;
import io.reactivestore.store.ndjson.NdjsonImportOptions;
import io.reactivestore.store.ndjson.NdjsonImportReport;
import io.reactivestore.store.ndjson.NdjsonProgress;
import io.reactivestore.store.r2dbc.R2dbcEventStore;
import io.reactivestore.store.r2dbc.R2dbcEventStores;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Throughput and latency of the R2DBC event store on H2 (file) and PostgreSQL (embedded, fsync on):
 * the raw JDBC ceiling of ingest on the same schema ({@link JdbcIngestCeiling}), ingest with and without
 * signature verification (also as a fraction of that ceiling), NDJSON import and export of the whole dataset with
 * the peak heap, and query latency (author + limit 50, kind + tag + limit 50, 10 ids) over it.
 *
 * <p>A load harness rather than JMH: a million-row fixture does not fit JMH's per-trial setup. Run:
 * {@code mvn -B -q -pl benchmarks -am -DskipTests -Dexamples.exec.skip=true package exec:exec
 * -Dbench.main=io.reactivestore.benchmarks.r2dbc.R2dbcStoreBench -Dbench.jvmArgs="-Xmx1g -Dbench.events=1000000"}.
 * System properties: {@code bench.events} (dataset size, default 100 000), {@code bench.ingest} (events
 * per ingest run, default 100 000), {@code bench.queries} (queries per kind, default 500),
 * {@code bench.dir} (work directory, default {@code target/r2dbc-bench}), {@code bench.backends}
 * ({@code h2,postgresql}), {@code bench.batch} (the store's maxBatch, default 500), {@code bench.phases}
 * ({@code ceiling,ingest,import}: the import phase also runs the queries and the export), {@code bench.window} (saves in
 * flight during ingest, default 2 048), {@code bench.rounds} (rounds of ceiling and ingest runs, default 1;
 * the first runs on a cold JVM).
 */
public final class R2dbcStoreBench {

    private static final Duration LONG = Duration.ofHours(2);
    private static final int BATCH = Integer.getInteger("bench.batch", 500);
    /** Rounds of ceiling and ingest runs per backend (the first one warms the JVM up). */
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 1);
    /** Saves per group in the ingest driver. */
    private static final int GROUP = 64;

    private R2dbcStoreBench() {
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.getInteger("bench.events", 100_000);
        int ingestCount = Integer.getInteger("bench.ingest", Math.min(count, 100_000));
        int queries = Integer.getInteger("bench.queries", 500);
        Path dir = Path.of(System.getProperty("bench.dir", "target/r2dbc-bench")).toAbsolutePath();
        List<String> backends = List.of(System.getProperty("bench.backends", "h2,postgresql").split(","));
        List<String> phases = List.of(System.getProperty("bench.phases", "ceiling,ingest,import").split(","));
        BenchDataset data = BenchDataset.ensure(dir, count);
        System.out.printf("dataset %,d events; ingest runs of %,d; %d queries per kind; max heap %d MiB; %d cpus%n",
                count, ingestCount, queries, Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors());

        EmbeddedPostgres pg = backends.contains("postgresql")
                ? EmbeddedPostgres.builder().setLocaleConfig("locale", "C").start() : null;
        try {
            for (String backend : backends) {
                Backend fresh = backend.equals("h2") ? h2(dir) : postgres(Objects.requireNonNull(pg, "pg"));
                List<Event> ingestEvents = phases.contains("ingest") || phases.contains("ceiling")
                        ? readEvents(data.events, ingestCount) : List.of();
                for (int round = 1; round <= ROUNDS; round++) {
                    String label = ROUNDS == 1 ? backend : backend + "#" + round;
                    double ceiling = Double.NaN;
                    if (phases.contains("ceiling")) {
                        fresh.open().close().block(LONG);
                        CpuMeter cpu = new CpuMeter(fresh.serverPid());
                        String cpuPerEvent;
                        try (Connection c = fresh.jdbc()) {
                            ceiling = JdbcIngestCeiling.run(c, ingestEvents);
                            cpuPerEvent = cpuPerEvent(cpu, ingestEvents.size()); // while its backend is alive
                        }
                        System.out.printf("%-12s ceiling JDBC batches %,10.0f events/s%s%n", label, ceiling,
                                cpuPerEvent);
                    }
                    for (boolean verify : phases.contains("ingest") ? new boolean[] {false, true} : new boolean[0]) {
                        R2dbcEventStore store = fresh.open();
                        CpuMeter cpu = new CpuMeter(fresh.serverPid());
                        double rate = ingest(store, ingestEvents, verify);
                        System.out.printf("%-12s ingest  verify=%-5s %,10.0f events/s (%.2f of the ceiling)%s%s%n", label,
                                verify, rate, rate / ceiling, cpuPerEvent(cpu, ingestEvents.size()), fresh.fileSize());
                        store.close().block(LONG);
                    }
                }
                ingestEvents = null;
                if (!phases.contains("import")) {
                    continue;
                }

                R2dbcEventStore store = fresh.open();
                resetPeaks();
                NdjsonImportReport imported = Objects.requireNonNull(Ndjson.importInto(store, data.events,
                        NdjsonImportOptions.DEFAULTS.withProgress(Math.max(1, count / 4), p -> System.out.printf(
                                "  import %,d lines, %,.0f lines/s%n", p.lines(), p.linesPerSecond()))).block(LONG), "completed empty");
                System.out.printf("%-10s import  %,d lines, %,d stored, %,d rejected: %,10.0f events/s, peak heap %d MiB%s%n",
                        backend, imported.lines(), imported.stored(), imported.rejected(), imported.linesPerSecond(),
                        peakHeapMiB(), fresh.fileSize());

                queryLatencies(backend, store, data, queries);

                Path out = dir.resolve("export-" + backend + ".jsonl");
                resetPeaks();
                NdjsonProgress exported = Objects.requireNonNull(Ndjson.export(store, out, Long.MAX_VALUE, p -> { }).block(LONG), "completed empty");
                System.out.printf("%-10s export  %,d events: %,10.0f events/s, peak heap %d MiB%n", backend,
                        exported.lines(), exported.linesPerSecond(), peakHeapMiB());
                Files.deleteIfExists(out);
                System.out.printf("%-10s after queries and export%s%n", backend, fresh.fileSize());
                store.close().block(LONG);
            }
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
    }

    /**
     * Concurrent saves, {@code bench.window} in flight, as groups of up to {@value #GROUP} joined by
     * {@code Mono.when} (a counter per group): a {@code flatMap} over single saves would rescan all its
     * in-flight inners on every completion, a cost growing with the window that is the harness's, not
     * the store's.
     */
    private static double ingest(R2dbcEventStore store, List<Event> events, boolean verify) {
        int window = Integer.getInteger("bench.window", 2048);
        int group = Math.min(GROUP, window);
        long start = System.nanoTime();
        Flux.fromIterable(events)
                .buffer(group)
                .flatMap(g -> Mono.when(g.stream().map(e -> verify
                        ? Mono.fromCallable(e::verify).subscribeOn(Schedulers.parallel()).flatMap(store::save)
                        : store.save(e)).toList()), Math.max(1, window / group))
                .blockLast(LONG);
        return events.size() * 1e9 / (System.nanoTime() - start);
    }

    private static void queryLatencies(String backend, R2dbcEventStore store, BenchDataset data, int n)
            throws IOException {
        List<String> ids = Files.readAllLines(data.ids);
        List<Filter> byIds = new ArrayList<>();
        for (int i = 0; i + 10 <= ids.size(); i += 10) {
            byIds.add(Filter.builder().ids(ids.subList(i, i + 10)).build());
        }
        Filter author = Filter.builder().authors(data.firstAuthor).limit(50).build();
        int[] topic = {0};
        Supplier<Filter> kindTag = () -> Filter.builder().kinds(1).tag("t", "topic" + (topic[0]++ % 200)).limit(50)
                .build();
        int[] idRound = {0};
        Supplier<Filter> tenIds = () -> byIds.get(idRound[0]++ % byIds.size());
        report(backend, "author+limit50", store, () -> author, n);
        report(backend, "kind+tag+limit50", store, kindTag, n);
        report(backend, "10 ids", store, tenIds, n);
    }

    private static void report(String backend, String name, R2dbcEventStore store, Supplier<Filter> filter, int n) {
        long rows = 0;
        for (int i = 0; i < Math.max(20, n / 5); i++) { // warm-up
            store.query(filter.get()).count().block(LONG);
        }
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            Filter f = filter.get();
            long t0 = System.nanoTime();
            rows += Objects.requireNonNull(store.query(f).count().block(LONG), "completed empty");
            nanos[i] = System.nanoTime() - t0;
        }
        Arrays.sort(nanos);
        System.out.printf("%-10s query   %-18s p50 %6.2f ms  p90 %6.2f ms  p99 %6.2f ms  (%.1f rows/query)%n", backend,
                name, nanos[n / 2] / 1e6, nanos[n * 9 / 10] / 1e6, nanos[n * 99 / 100] / 1e6, (double) rows / n);
    }

    private static List<Event> readEvents(Path file, int limit) throws IOException {
        List<Event> events = new ArrayList<>(limit);
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while (events.size() < limit && (line = in.readLine()) != null) {
                events.add(NostrJson.parseEvent(line));
            }
        }
        return events;
    }

    /** Fresh empty databases of one kind: a store on a new one, and JDBC to the last one opened. */
    private interface Backend {

        /** A store on a new, empty database (schema applied). */
        R2dbcEventStore open();

        /** A JDBC connection to the database of the last {@link #open()}. */
        Connection jdbc() throws SQLException;

        /** The database server's root process, or -1 when the database runs inside this JVM. */
        long serverPid();

        /** {@code ", file N MiB"}: the size of the last opened H2 database's directory; empty for PostgreSQL. */
        default String fileSize() {
            return "";
        }
    }

    private static Backend h2(Path dir) {
        return new Backend() {
            private int n;
            private @Nullable Path db;

            @Override
            public R2dbcEventStore open() {
                db = dir.resolve("h2-" + n++);
                deleteTree(db);
                return Objects.requireNonNull(R2dbcEventStores.builder().h2File(db).maxBatch(BATCH).open().block(LONG), "completed empty");
            }

            @Override
            public Connection jdbc() throws SQLException {
                // the settings SqlDatabase.h2File uses
                return DriverManager.getConnection("jdbc:h2:file:" + Objects.requireNonNull(db, "opened").resolve("events")
                        + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
            }

            @Override
            public long serverPid() {
                return -1;
            }

            @Override
            public String fileSize() {
                try (Stream<Path> paths = Files.walk(db)) {
                    long bytes = paths.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
                    return String.format(", file %,d MiB", bytes >> 20);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    private static Backend postgres(EmbeddedPostgres pg) {
        return new Backend() {
            private int n;
            private @Nullable String name;

            @Override
            public R2dbcEventStore open() {
                name = "bench" + n++;
                try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS " + name);
                    s.execute("CREATE DATABASE " + name);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
                return Objects.requireNonNull(R2dbcEventStores.builder().postgres("127.0.0.1", pg.getPort(), name, "postgres", "")
                        .maxBatch(BATCH).open().block(LONG), "completed empty");
            }

            @Override
            public Connection jdbc() throws SQLException {
                // pgjdbc at its fastest for batches: rewritten into multi-row INSERTs
                return DriverManager.getConnection(pg.getJdbcUrl("postgres", name) + "&reWriteBatchedInserts=true");
            }

            /** The postmaster: the parent of any backend. */
            @Override
            public long serverPid() {
                try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
                     ResultSet r = s.executeQuery("SELECT pg_backend_pid()")) {
                    r.next();
                    return ProcessHandle.of(r.getInt(1)).flatMap(ProcessHandle::parent).map(ProcessHandle::pid)
                            .orElse(-1L);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }


    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code ; cpu/event java J us + server S us -> idle bound B1/s on 1 core, Bn/s on n}: the rate the
     * CPU time allows on idle cores if the work ran on one core, or spread perfectly over all of them
     * (H2's single writer is closer to the first, PostgreSQL with its own processes to the second).
     */
    private static String cpuPerEvent(CpuMeter cpu, int events) {
        double jvm = cpu.jvm() / 1e3 / events;
        double server = cpu.server() / 1e3 / events;
        int cores = Runtime.getRuntime().availableProcessors();
        return String.format("; cpu/event java %5.1f us + server %5.1f us -> idle bound %,.0f/s on 1 core,"
                + " %,.0f/s on %d", jvm, server, 1e6 / (jvm + server), cores * 1e6 / (jvm + server), cores);
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** Sum of the heap pools' peaks since {@link #resetPeaks()}: an upper bound of the peak heap. */
    private static long peakHeapMiB() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                bytes += pool.getPeakUsage().getUsed();
            }
        }
        return bytes >> 20;
    }
}
