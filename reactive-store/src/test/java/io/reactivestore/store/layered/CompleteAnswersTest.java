package io.reactivestore.store.layered;

import static io.reactivestore.testing.TestEvents.ALICE;
import static io.reactivestore.testing.TestEvents.BOB;
import static io.reactivestore.testing.TestEvents.note;
import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.store.memory.MemoryEventStore;
import io.reactivestore.store.sharded.RecordingStore;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** Queries L1 is known to answer completely are served by L1 alone, until something could change that. */
class CompleteAnswersTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final MemoryEventStore l1 = MemoryEventStore.create();
    private final RecordingStore l2 = new RecordingStore(MemoryEventStore.create());
    private final LayeredEventStore store = LayeredEventStore.builder(l1, l2).maxEvents(6).waterMarks(0.5, 0.9)
            .collectEvery(Duration.ofHours(1)).build();
    private final Filter alicesLatest = Filter.builder().authors(ALICE.publicKey()).limit(2).build();
    private final List<Event> alices = IntStream.range(0, 3).mapToObj(i -> note(ALICE, 100 + i, "a" + i)).toList();

    @AfterEach
    void close() {
        store.close().block(TIMEOUT);
    }

    private void expect(Filter filter, Event... expected) {
        StepVerifier.create(store.query(filter)).expectNext(expected).expectComplete().verify(TIMEOUT);
    }

    private int l2Queries() {
        return l2.queries().size();
    }

    @Test
    void aQueryAnsweredOnlyByHitsIsThenAnsweredByL1Alone() {
        Flux.fromIterable(alices).concatMap(store::save).blockLast(TIMEOUT);
        expect(alicesLatest, alices.get(2), alices.get(1));
        assertThat(l2Queries()).isEqualTo(1);

        expect(alicesLatest, alices.get(2), alices.get(1));
        assertThat(l2Queries()).as("answered by L1 alone").isEqualTo(1);
        assertThat(store.stats().hits()).isEqualTo(4);
    }

    @Test
    void savesThroughTheStoreKeepTheAnswerComplete() {
        Flux.fromIterable(alices).concatMap(store::save).blockLast(TIMEOUT);
        expect(alicesLatest, alices.get(2), alices.get(1));
        Event newer = note(ALICE, 200, "newer");
        store.save(newer).block(TIMEOUT);

        expect(alicesLatest, newer, alices.get(2));
        assertThat(l2Queries()).isEqualTo(1);
    }

    @Test
    void aQueryWithAMissIsNotRecorded() {
        Flux.fromIterable(alices).concatMap(l2::save).blockLast(TIMEOUT);
        expect(alicesLatest, alices.get(2), alices.get(1));
        expect(alicesLatest, alices.get(2), alices.get(1));
        assertThat(l2Queries()).isEqualTo(2);
    }

    @Test
    void evictingAnEventTheQueryCouldMatchSendsItBackToBothLevels() {
        Flux.fromIterable(alices).concatMap(store::save).blockLast(TIMEOUT);
        List<Event> bobs = IntStream.range(0, 3).mapToObj(i -> note(BOB, 300 + i, "b" + i)).toList();
        Flux.fromIterable(bobs).concatMap(store::save).blockLast(TIMEOUT);
        expect(alicesLatest, alices.get(2), alices.get(1));
        expect(Filter.builder().authors(BOB.publicKey()).limit(3).build(), bobs.get(2), bobs.get(1), bobs.get(0));
        int before = l2Queries();

        // alices.get(0) is the least recently accessed: evicting it forgets Alice's query, not Bob's
        CollectionReport report = store.collect().block(TIMEOUT);
        assertThat(report.evicted()).isEqualTo(3);
        expect(Filter.builder().authors(BOB.publicKey()).limit(3).build(), bobs.get(2), bobs.get(1), bobs.get(0));
        assertThat(l2Queries()).as("Bob's answer is still complete in L1").isEqualTo(before);
        expect(alicesLatest, alices.get(2), alices.get(1));
        assertThat(l2Queries()).as("Alice's answer is asked of L2 again").isEqualTo(before + 1);
    }

    @Test
    void anImportIntoL2AloneForgetsCompleteAnswers() {
        Flux.fromIterable(alices).concatMap(store::save).blockLast(TIMEOUT);
        expect(alicesLatest, alices.get(2), alices.get(1));
        Event imported = note(ALICE, 500, "imported");
        store.importEvents(Flux.just(imported)).block(TIMEOUT);

        expect(alicesLatest, imported, alices.get(2));
    }

    @Test
    void aDeletionForgetsCompleteAnswers() {
        Flux.fromIterable(alices).concatMap(store::save).blockLast(TIMEOUT);
        expect(alicesLatest, alices.get(2), alices.get(1));
        store.delete(alices.get(2).id()).block(TIMEOUT);
        int before = l2Queries();

        expect(alicesLatest, alices.get(1), alices.get(0));
        assertThat(l2Queries()).isEqualTo(before + 1);
    }
}
