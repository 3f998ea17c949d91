package io.reactivestore.benchmarks.outbox;

import io.reactivestore.outbox.MemoryOutbox;
import io.reactivestore.outbox.OutboxConfig;
import io.reactivestore.outbox.OutboxStore;
import io.reactivestore.outbox.SqlOutbox;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Throughput of {@code store} followed by {@code markBroadcasted} of the stored id, one new 64-byte event per
 * operation, on the memory, H2 file and PostgreSQL (embedded, local socket) outboxes: one caller at a time
 * ({@code sequential}) and 16 callers in flight on the store's serialized write queue ({@code concurrent16}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class OutboxBenchmark {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int BATCH = 64;

    @Param({"memory", "h2", "postgresql"})
    public String backend;

    private final AtomicLong counter = new AtomicLong();
    private OutboxStore<?> store;
    private @Nullable EmbeddedPostgres postgres;
    private @Nullable Path directory;

    @Setup(Level.Trial)
    public void open() throws IOException {
        OutboxConfig config = OutboxConfig.builder().eventTypes("deposit").build();
        store = switch (backend) {
            case "memory" -> MemoryOutbox.create(config);
            case "h2" -> {
                directory = Files.createTempDirectory("outbox-bench");
                yield Objects.requireNonNull(SqlOutbox.h2File(directory, "outbox", config).block(TIMEOUT), "store");
            }
            case "postgresql" -> {
                postgres = EmbeddedPostgres.builder().setLocaleConfig("locale", "C").start();
                yield Objects.requireNonNull(SqlOutbox.postgres("127.0.0.1", postgres.getPort(), "postgres", "postgres",
                        "", config).block(TIMEOUT), "store");
            }
            default -> throw new IllegalArgumentException(backend);
        };
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        store.close().block(TIMEOUT);
        if (postgres != null) {
            postgres.close();
        }
        if (directory != null) {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private Mono<Void> storeAndMark() {
        byte[] data = ByteBuffer.allocate(64).putLong(counter.incrementAndGet()).array();
        return store.store(data, "deposit").flatMap(r -> store.markBroadcasted(List.of(r.id())));
    }

    @Benchmark
    public void sequential() {
        storeAndMark().block(TIMEOUT);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void concurrent16() {
        Flux.range(0, BATCH).flatMap(i -> storeAndMark(), 16).then().block(TIMEOUT);
    }
}
