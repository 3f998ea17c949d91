package io.reactivestore.store.r2dbc;

import static io.reactivestore.testing.TestEvents.ALICE;
import static io.reactivestore.testing.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.internal.sql.SqlDatabase;
import io.reactivestore.store.EventLimits;
import io.reactivestore.store.SaveResult;
import io.reactivestore.store.StoreUnavailableException;
import io.reactivestore.testing.TestDatabases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * A batch that the database rejects for one event's sake (a non-transient error, here a CHECK constraint
 * the test adds to {@code events}) is retried one event per transaction: the event at fault fails with
 * the database's error, every other event of the batch is stored and gets its own result. Integration: it
 * runs against the embedded PostgreSQL too, which the failsafe JVM starts once for every such test (in the
 * unit JVM it was the only user, and starting and stopping the server there cost most of its 90 s).
 */
@Tag("integration")
class NonTransientFallbackTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** The kind the test's CHECK constraint forbids. */
    private static final int FORBIDDEN_KIND = 4444;

    static Stream<Arguments> databases() {
        Supplier<SqlDatabase> h2 = TestDatabases::h2InMemory;
        Supplier<SqlDatabase> pg = TestDatabases::postgres;
        return Stream.of(Arguments.of("h2", h2), Arguments.of("postgresql", pg));
    }

    /** A store whose database refuses events of {@link #FORBIDDEN_KIND}; batches of up to 100 events. */
    private static R2dbcEventStore storeRefusingOneKind(SqlDatabase db) {
        R2dbcEventStore store = R2dbcEventStore.open(db, EventLimits.DEFAULTS, 100, 1000, false).block(TIMEOUT);
        db.withConnection(c -> Flux.from(c.createStatement("ALTER TABLE events ADD CONSTRAINT test_forbidden_kind"
                        + " CHECK (kind <> " + FORBIDDEN_KIND + ")").execute()).concatMap(r -> r.getRowsUpdated()))
                .blockLast(TIMEOUT);
        return store;
    }

    private static List<Event> fiftyGoodEventsAroundOneBad() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            events.add(i == 25 ? event(ALICE, FORBIDDEN_KIND, 1000, "refused by the database")
                    : event(ALICE, 1, 1000 + i, "good " + i, "t", "fallback"));
        }
        return events;
    }

    private static void assertRefusedByTheDatabase(Throwable error) {
        assertThat(error).isInstanceOf(R2dbcDataIntegrityViolationException.class)
                .isNotInstanceOf(StoreUnavailableException.class);
        assertThat(((R2dbcDataIntegrityViolationException) error).getSqlState()).startsWith("2351");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void anEventTheDatabaseRefusesFailsAloneAndTheRestOfItsBatchIsStored(String name, Supplier<SqlDatabase> open) {
        R2dbcEventStore store = storeRefusingOneKind(open.get());
        try {
            // importEvents queues its 51 events as one group, which the idle writer takes as one batch
            StepVerifier.create(store.importEvents(Flux.fromIterable(fiftyGoodEventsAroundOneBad())))
                    .expectErrorSatisfies(NonTransientFallbackTest::assertRefusedByTheDatabase)
                    .verify(TIMEOUT);
            StepVerifier.create(store.count(List.of(Filter.builder().tag("t", "fallback").build())))
                    .expectNext(50L).expectComplete().verify(TIMEOUT);
            StepVerifier.create(store.count(List.of(Filter.builder().kinds(FORBIDDEN_KIND).build())))
                    .expectNext(0L).expectComplete().verify(TIMEOUT);
        } finally {
            store.close().block(TIMEOUT);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void concurrentSaversEachGetTheirOwnResultWhenOneIsRefused(String name, Supplier<SqlDatabase> open) {
        R2dbcEventStore store = storeRefusingOneKind(open.get());
        try {
            List<Event> events = fiftyGoodEventsAroundOneBad();
            List<Object> outcomes = Flux.fromIterable(events)
                    .flatMapSequential(e -> store.save(e).<Object>map(r -> r).onErrorResume(Mono::just), 64)
                    .collectList().block(TIMEOUT);
            for (int i = 0; i < events.size(); i++) {
                if (i == 25) {
                    assertThat(outcomes.get(i)).isInstanceOfSatisfying(Throwable.class,
                            NonTransientFallbackTest::assertRefusedByTheDatabase);
                } else {
                    assertThat(outcomes.get(i)).as("save %d", i).isEqualTo(SaveResult.SAVED);
                }
            }
            // the writer goes on with later batches
            StepVerifier.create(store.save(event(ALICE, 1, 2000, "after", "t", "fallback")))
                    .expectNext(SaveResult.SAVED).expectComplete().verify(TIMEOUT);
            StepVerifier.create(store.count(List.of(Filter.builder().tag("t", "fallback").build())))
                    .expectNext(51L).expectComplete().verify(TIMEOUT);
        } finally {
            store.close().block(TIMEOUT);
        }
    }
}
