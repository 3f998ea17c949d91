package io.reactivestore.store.r2dbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.testing.TestDatabases;
import io.reactivestore.testing.TestEvents;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.r2dbc.pool.PoolMetrics;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;

/**
 * Opens a store, reads from it and closes it many times in a row: no connection may be released twice
 * (reactor-pool then drops a {@code Too many permits returned} error and its idle count ends at -1),
 * nothing may be dropped ({@code Hooks.onErrorDropped}, {@code Hooks.onNextDropped}), and every pool must
 * end empty.
 *
 * <p>Cycles: system property {@code race.iterations} (default 200) on each H2 store, a quarter of that on
 * PostgreSQL.
 */
@Tag("integration")
class OpenReadCloseRaceTest {

    private static final int ITERATIONS = Integer.getInteger("race.iterations", 200);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();

    @TempDir
    Path dir;

    @BeforeEach
    void watch() {
        Hooks.onErrorDropped(e -> problems.add("error dropped: " + e));
        Hooks.onNextDropped(o -> problems.add("onNext dropped: " + o));
    }

    @AfterEach
    void unwatch() {
        Hooks.resetOnErrorDropped();
        Hooks.resetOnNextDropped();
    }

    @Test
    void h2InMemory() {
        // dropped at every close: each cycle saves the two events again before reading
        String name = TestDatabases.uniqueName("race");
        cycles(() -> R2dbcEventStores.builder().h2InMemory(name).open(), true, true, ITERATIONS);
    }

    @Test
    void h2File() {
        Path store = dir.resolve("store");
        cycles(() -> R2dbcEventStores.h2File(store), false, true, ITERATIONS);
    }

    @Test
    void postgres() {
        TestDatabases.PostgresDatabase db = TestDatabases.freshPostgres();
        try {
            // a PostgreSQL cycle costs several times an H2 one (connections over TCP, migrations checked).
            // No cancelled read: r2dbc-postgresql hands the rows still arriving for a cancelled query to
            // Hooks.onNextDropped (and releases them), which this test would count as a problem.
            cycles(() -> R2dbcEventStores.postgres(db.host(), db.port(), db.database(), db.user(), db.password()),
                    false, false, Math.max(1, ITERATIONS / 4));
        } finally {
            db.drop();
        }
    }

    private void cycles(Supplier<Mono<R2dbcEventStore>> open, boolean seedEachTime, boolean cancelledRead,
                        int iterations) {
        Event a = TestEvents.note(TestEvents.ALICE, 1000, "a");
        Event b = TestEvents.note(TestEvents.BOB, 1001, "b");
        List<Filter> byIds = List.of(Filter.builder().ids(Set.of(a.id(), b.id())).build());
        Filter byAuthor = Filter.builder().authors(Set.of(TestEvents.ALICE.publicKey())).build();
        Filter limited = Filter.builder().limit(1).build();
        if (!seedEachTime) {
            R2dbcEventStore first = open.get().block(TIMEOUT);
            first.save(a).then(first.save(b)).then(first.close()).block(TIMEOUT);
        }
        for (int i = 0; i < iterations && problems.isEmpty(); i++) {
            R2dbcEventStore store = open.get().block(TIMEOUT);
            if (seedEachTime) {
                store.save(a).then(store.save(b)).block(TIMEOUT);
            }
            List<Object> read = new ArrayList<>();
            read.add(store.count(byIds).block(TIMEOUT));
            read.add(store.query(byIds).count().block(TIMEOUT));
            read.add(store.query(byAuthor).count().block(TIMEOUT));
            read.add(store.query(limited).count().block(TIMEOUT));
            // a streamed query cancelled after its first event: the connection goes back on cancel
            read.add(cancelledRead ? store.query(Filter.ALL).take(1).count().block(TIMEOUT) : 1L);
            store.close().block(TIMEOUT);
            assertThat(read).as("iteration %d", i).containsExactly(2L, 2L, 1L, 1L, 1L);
            // a slot destroyed twice leaves the idle count at -1 (reactor-pool prints "unexpected decrement
            // below 0") and returns a permit twice ("Too many permits returned", an error dropped)
            PoolMetrics pool = store.database().poolMetrics();
            assertThat(List.of(pool.acquiredSize(), pool.allocatedSize(), pool.idleSize(), pool.pendingAcquireSize()))
                    .as("connections in use, open, idle, awaited after close (iteration %d)", i)
                    .containsExactly(0, 0, 0, 0);
        }
        assertThat(problems).isEmpty();
    }
}
