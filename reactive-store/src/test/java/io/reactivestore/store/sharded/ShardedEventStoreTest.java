package io.reactivestore.store.sharded;

import static io.reactivestore.testing.TestEvents.ALICE;
import static io.reactivestore.testing.TestEvents.BOB;
import static io.reactivestore.testing.TestEvents.event;
import static io.reactivestore.testing.TestEvents.note;
import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KindClass;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.EventStoreContract;
import io.reactivestore.store.memory.MemoryEventStore;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class ShardedEventStoreTest extends EventStoreContract {

    @Override
    protected EventStore createStore() {
        return ShardedEventStore.builder()
                .kinds(MemoryEventStore.create(), 1)
                .predicate(MemoryEventStore.create(), e -> e.kindClass().isReplacing())
                .otherwise(MemoryEventStore.create())
                .build();
    }

    private final RecordingStore notes = new RecordingStore(MemoryEventStore.create());
    private final RecordingStore articles = new RecordingStore(MemoryEventStore.create());
    private final RecordingStore rest = new RecordingStore(MemoryEventStore.create());

    private ShardedEventStore byKind() {
        return ShardedEventStore.builder().kinds(notes, 1).kinds(articles, 30023).otherwise(rest).build();
    }

    @Test
    void savesAreRoutedToTheShardOfTheirKind() {
        ShardedEventStore sharded = byKind();
        Event note = note(ALICE, 100, "n");
        Event article = event(ALICE, 30023, 200, "a", "d", "x");
        Event reaction = event(BOB, 7, 300, "+");
        givenIn(sharded, note, article, reaction);

        assertThat(notes.delegate().export().collectList().block(TIMEOUT)).containsExactly(note);
        assertThat(articles.delegate().export().collectList().block(TIMEOUT)).containsExactly(article);
        assertThat(rest.delegate().export().collectList().block(TIMEOUT)).containsExactly(reaction);
        sharded.close().block(TIMEOUT);
    }

    @Test
    void aQueryNamingKindsReachesOnlyTheShardsThatCanHoldThem() {
        ShardedEventStore sharded = byKind();
        Event note = note(ALICE, 100, "n");
        Event article = event(ALICE, 30023, 200, "a", "d", "x");
        givenIn(sharded, note, article);

        StepVerifier.create(sharded.query(Filter.builder().kinds(1).build())).expectNext(note).expectComplete()
                .verify(TIMEOUT);
        assertThat(notes.queries()).containsExactly(List.of(Filter.builder().kinds(1).build()));
        assertThat(articles.queries()).isEmpty();
        assertThat(rest.queries()).isEmpty();

        StepVerifier.create(sharded.query(Filter.builder().kinds(1, 7).build())).expectNext(note).expectComplete()
                .verify(TIMEOUT);
        assertThat(articles.queries()).isEmpty();
        assertThat(rest.queries()).containsExactly(List.of(Filter.builder().kinds(7).build()));
        sharded.close().block(TIMEOUT);
    }

    @Test
    void aQueryWithoutKindsReachesEveryShardAndIsMergedNewestFirstWithItsLimit() {
        ShardedEventStore sharded = byKind();
        Event note = note(ALICE, 100, "n");
        Event article = event(ALICE, 30023, 300, "a", "d", "x");
        Event reaction = event(BOB, 7, 200, "+");
        givenIn(sharded, note, article, reaction);

        StepVerifier.create(sharded.query(Filter.builder().limit(2).build())).expectNext(article, reaction)
                .expectComplete().verify(TIMEOUT);
        assertThat(List.of(notes.queries(), articles.queries(), rest.queries())).allSatisfy(q -> assertThat(q).hasSize(1));
        StepVerifier.create(sharded.count(List.of(Filter.ALL))).expectNext(3L).expectComplete().verify(TIMEOUT);
        StepVerifier.create(sharded.count(List.of(Filter.builder().kinds(1, 30023).build()))).expectNext(2L)
                .expectComplete().verify(TIMEOUT);
        sharded.close().block(TIMEOUT);
    }

    @Test
    void aPredicateShardIsAskedWhateverTheKinds() {
        ShardedEventStore sharded = ShardedEventStore.builder()
                .predicate(notes, e -> e.pubkey().equals(ALICE.publicKey()))
                .kinds(articles, k -> KindClass.of(k) == KindClass.ADDRESSABLE)
                .otherwise(rest).build();
        Event byAlice = event(ALICE, 30023, 100, "a", "d", "x");
        Event byBob = event(BOB, 30023, 200, "b", "d", "x");
        givenIn(sharded, byAlice, byBob);

        StepVerifier.create(sharded.query(Filter.builder().kinds(30023).build())).expectNext(byBob, byAlice)
                .expectComplete().verify(TIMEOUT);
        assertThat(rest.queries()).isEmpty();
        assertThat(sharded.export(Set.of(ALICE.publicKey())).collectList().block(TIMEOUT)).containsExactly(byAlice);
        sharded.close().block(TIMEOUT);
    }
}
