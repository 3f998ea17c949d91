package io.reactivestore.store;

import io.reactivestore.event.KeyPair;
import io.reactivestore.event.UnsignedEvent;
import io.reactivestore.store.lmdb.LmdbEventStore;
import io.reactivestore.store.r2dbc.R2dbcEventStores;
import io.reactivestore.store.retention.Retention;
import io.reactivestore.store.retention.RetentionPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The child JVM of {@link DurabilityTest}: saves signed events into the store named by its arguments
 * ({@code lmdb <dir>}, {@code h2 <dir>} or {@code postgres <host> <port> <database> <user>}) as fast as it can,
 * 64 at a time, and prints {@code ACK <id> <kind>} once a save has completed (so after its commit). Every tenth
 * event is addressable, on five addresses. Runs until killed. Retention runs meanwhile, every 20 ms: its kind
 * rule deletes the (2023-dated) addressable events as they come, so deletions interleave with the saves; it never
 * touches the regular events the parent checks. LMDB starts from a 1 MiB map, so the map grows while it is written.
 */
public final class DurabilityChild {

    /** Bound of every wait in this program: it fails instead of hanging. */
    private static final Duration WAIT = Duration.ofMinutes(2);

    private DurabilityChild() {
    }

    /**
     * Runs the child.
     *
     * @param args the backend and where it is (see the class comment)
     */
    public static void main(String[] args) {
        EventStore store = open(args).block(Duration.ofMinutes(1));
        KeyPair author = KeyPair.generate();
        Retention.start(store, RetentionPolicy.builder().maxAge(Duration.ofDays(36_500))
                .maxAge(30000, Duration.ofDays(1)).maxDeletionsPerRound(50).interval(Duration.ofMillis(20)).build(),
                Schedulers.parallel());
        System.out.println("READY");
        System.out.flush();
        Flux.range(0, Integer.MAX_VALUE)
                .map(i -> author.sign(new UnsignedEvent(1_700_000_000L + i, i % 10 == 0 ? 30000 : 1,
                        List.of(List.of("d", "slot" + (i / 10 % 5)), List.of("t", "durability")), "event " + i)))
                .flatMap(e -> store.save(e).filter(r -> r == SaveResult.SAVED || r == SaveResult.REPLACED)
                        .doOnNext(r -> ack(e.id() + " " + e.kind())), 64)
                .blockLast(WAIT);
    }

    private static Mono<? extends EventStore> open(String[] args) {
        return switch (args[0]) {
            case "lmdb" -> LmdbEventStore.builder(Path.of(args[1])).initialMapSize(1 << 20).open();
            case "h2" -> R2dbcEventStores.h2File(Path.of(args[1]));
            case "postgres" -> R2dbcEventStores.postgres(args[1], Integer.parseInt(args[2]), args[3], args[4], "");
            default -> throw new IllegalArgumentException("unknown backend " + args[0]);
        };
    }

    private static synchronized void ack(String idAndKind) {
        System.out.println("ACK " + idAndKind);
        System.out.flush();
    }
}
