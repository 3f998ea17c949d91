package io.reactivestore.store.layered;

import static io.reactivestore.testing.TestEvents.ALICE;
import static io.reactivestore.testing.TestEvents.BOB;
import static io.reactivestore.testing.TestEvents.CAROL;
import static io.reactivestore.testing.TestEvents.addressable;
import static io.reactivestore.testing.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.composite.CompositeEventStore;
import io.reactivestore.store.memory.MemoryEventStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import reactor.core.publisher.Flux;

/**
 * For any split of L2's events into L1 (a subset) and any filters, the layered store answers exactly
 * what L2 alone answers; and a composite of stores holding overlapping parts of the regular events (and
 * the same replaceable versions) answers what one store holding them all answers. jqwik picks the splits
 * and the filters.
 */
class MergePropertiesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final List<KeyPair> AUTHORS = List.of(ALICE, BOB, CAROL);
    private static final List<Event> POOL = pool();

    private static List<Event> pool() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            KeyPair author = AUTHORS.get(i % 3);
            long at = 100 + (i % 8);
            events.add(event(author, i % 2 == 0 ? 1 : 7, at, "e" + i, "t", i % 3 == 0 ? "a" : "b"));
        }
        for (int i = 0; i < 6; i++) {
            events.add(event(AUTHORS.get(i % 3), 0, 100 + i, "profile" + i));
            events.add(addressable(AUTHORS.get(i % 3), 30023, 100 + i, i % 2 == 0 ? "x" : "y", "article" + i));
        }
        return List.copyOf(events);
    }

    private static MemoryEventStore storeOf(List<Event> events) {
        MemoryEventStore store = MemoryEventStore.create();
        Flux.fromIterable(events).concatMap(store::save).blockLast(TIMEOUT);
        return store;
    }

    private static List<Event> answer(EventStore store, List<Filter> filters) {
        return store.query(filters).collectList().block(TIMEOUT);
    }

    @Property(tries = 150)
    void theLayeredStoreAnswersWhatL2AloneAnswers(@ForAll @Size(30) List<Boolean> inL1,
                                                   @ForAll("filters") List<Filter> filters) {
        MemoryEventStore l2 = storeOf(POOL);
        List<Event> held = l2.export().collectList().block(TIMEOUT);
        List<Event> cached = new ArrayList<>();
        for (int i = 0; i < held.size(); i++) {
            if (inL1.get(i % inL1.size())) {
                cached.add(held.get(i));
            }
        }
        LayeredEventStore layered = LayeredEventStore.builder(storeOf(cached), l2).maxEvents(1000).build();
        try {
            List<Event> expected = answer(l2, filters);
            assertThat(answer(layered, filters)).isEqualTo(expected);
            assertThat(answer(layered, filters)).as("asked again, maybe from L1 alone").isEqualTo(expected);
            assertThat(layered.count(filters).block(TIMEOUT)).isEqualTo(expected.size());
        } finally {
            layered.close().block(TIMEOUT);
        }
    }

    @Property(tries = 150)
    void aCompositeAnswersWhatOneStoreHoldingEverythingAnswers(@ForAll @Size(42) List<Integer> placement,
                                                               @ForAll("filters") List<Filter> filters) {
        List<Event> first = new ArrayList<>();
        List<Event> second = new ArrayList<>();
        for (int i = 0; i < POOL.size(); i++) {
            // versions of a replaceable address are written to both: members that disagree on the current
            // version are outside the composite's promise (see its Javadoc)
            int where = POOL.get(i).address() != null ? 2 : Math.floorMod(placement.get(i), 3);
            if (where != 1) {
                first.add(POOL.get(i));
            }
            if (where != 0) {
                second.add(POOL.get(i));
            }
        }
        CompositeEventStore composite = CompositeEventStore.of(storeOf(first), storeOf(second));
        List<Event> expected = answer(storeOf(POOL), filters);
        assertThat(answer(composite, filters)).isEqualTo(expected);
        assertThat(composite.count(filters).block(TIMEOUT)).isEqualTo(expected.size());
    }

    @Provide
    Arbitrary<List<Filter>> filters() {
        Arbitrary<List<String>> authors = Arbitraries.of(AUTHORS).map(KeyPair::publicKey).list().ofMaxSize(2)
                .injectNull(0.4);
        Arbitrary<List<Integer>> kinds = Arbitraries.of(0, 1, 7, 30023).list().ofMinSize(1).ofMaxSize(2)
                .injectNull(0.4);
        Arbitrary<String> tag = Arbitraries.of("a", "b").injectNull(0.6);
        Arbitrary<Integer> since = Arbitraries.integers().between(98, 108).injectNull(0.7);
        Arbitrary<Integer> until = Arbitraries.integers().between(98, 108).injectNull(0.7);
        Arbitrary<Integer> limit = Arbitraries.integers().between(0, 6).injectNull(0.4);
        Arbitrary<Filter> filter = Combinators.combine(authors, kinds, tag, since, until, limit)
                .as((a, k, t, s, u, l) -> {
                    Filter.Builder b = Filter.builder();
                    if (a != null) {
                        b.authors(a);
                    }
                    if (k != null) {
                        b.kinds(k);
                    }
                    if (t != null) {
                        b.tag("t", t);
                    }
                    if (s != null) {
                        b.since(s);
                    }
                    if (u != null) {
                        b.until(u);
                    }
                    if (l != null) {
                        b.limit(l);
                    }
                    return b.build();
                });
        return filter.list().ofMinSize(1).ofMaxSize(3);
    }
}
