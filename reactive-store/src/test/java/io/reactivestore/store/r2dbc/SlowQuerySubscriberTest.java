package io.reactivestore.store.r2dbc;

import static io.reactivestore.testing.TestEvents.ALICE;
import static io.reactivestore.testing.TestEvents.note;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.internal.sql.SqlDatabase;
import io.reactivestore.store.EventLimits;
import io.reactivestore.testing.TestDatabases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * Subscribers that stop requesting (a relay client reading slowly) must not starve the connection pool:
 * a query bounded by its limits is read whole and its connection returned before events are emitted.
 */
class SlowQuerySubscriberTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int POOL = 2;

    private R2dbcEventStore store;
    private final List<BaseSubscriber<Event>> stalled = new ArrayList<>();

    @BeforeEach
    void open() {
        SqlDatabase db = SqlDatabase.h2InMemory(TestDatabases.uniqueName("slow"), POOL, true);
        store = R2dbcEventStore.open(db, EventLimits.DEFAULTS, 100, 1000, false).block(TIMEOUT);
        Flux.range(0, 5).concatMap(i -> store.save(note(ALICE, 1_700_000_000L + i, "n" + i))).blockLast(TIMEOUT);
    }

    @AfterEach
    void close() {
        stalled.forEach(BaseSubscriber::dispose);
        store.close().block(TIMEOUT);
    }

    @Test
    void limitedQueriesWhoseSubscribersStopRequestingLeaveThePoolFree() {
        Filter limited = Filter.builder().authors(ALICE.publicKey()).limit(3).build();
        for (int i = 0; i < 3 * POOL; i++) {
            BaseSubscriber<Event> oneThenNothing = new BaseSubscriber<>() {
                @Override
                protected void hookOnSubscribe(Subscription subscription) {
                    subscription.request(1);
                }
            };
            stalled.add(oneThenNothing);
            store.query(limited).subscribe(oneThenNothing);
        }

        StepVerifier.create(store.query(Filter.builder().authors(ALICE.publicKey()).build()))
                .expectNextCount(5)
                .expectComplete()
                .verify(Duration.ofSeconds(5));
    }
}
