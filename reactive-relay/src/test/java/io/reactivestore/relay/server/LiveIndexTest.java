package io.reactivestore.relay.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.UnsignedEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The index finds exactly the subscriptions a brute-force scan of every filter finds. */
class LiveIndexTest {

    private static final String[] LETTERS = {"e", "p", "t"};
    private static final String[] VALUES = {"a", "b", "c"};
    private static final int[] KINDS = {1, 7, 30023};

    private final Random random = new Random(7);
    private final List<KeyPair> authors = List.of(KeyPair.generate(), KeyPair.generate(), KeyPair.generate());

    @Test
    void matchingEqualsBruteForceOverRandomFiltersAndEvents() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            events.add(randomEvent(i));
        }
        LiveIndex index = new LiveIndex();
        List<LiveSubscription> subscriptions = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            List<Filter> filters = new ArrayList<>();
            for (int f = 0; f <= random.nextInt(3); f++) {
                filters.add(randomFilter(events));
            }
            LiveSubscription subscription = new LiveSubscription(null, "s" + i, filters, 10, 0);
            subscriptions.add(subscription);
            index.add(subscription);
        }
        for (int i = 0; i < 300; i += 3) {
            index.remove(subscriptions.get(i));
            subscriptions.get(i).deactivate();
        }

        for (Event event : events) {
            Set<LiveSubscription> expected = new HashSet<>();
            for (LiveSubscription s : subscriptions) {
                if (s.isActive() && Filter.anyMatches(s.filters(), event)) {
                    expected.add(s);
                }
            }
            assertThat(index.matching(event)).as("event %s", event).isEqualTo(expected);
        }
    }

    @Test
    void removedSubscriptionsNoLongerMatchWhetherTheirKeyHeldAFewOrMany() {
        Event event = randomEvent(0);
        for (int count : new int[] {1, LiveIndex.SMALL, LiveIndex.SMALL + 1, 40}) {
            LiveIndex index = new LiveIndex();
            List<LiveSubscription> subscriptions = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                // still active after removal: only the index decides
                LiveSubscription subscription = new LiveSubscription(null, "s" + i,
                        List.of(Filter.builder().authors(event.pubkey()).build(), Filter.builder().ids(event.id()).build()), 10, 0);
                subscriptions.add(subscription);
                index.add(subscription);
            }
            assertThat(index.matching(event)).as("%d filed", count).containsExactlyInAnyOrderElementsOf(subscriptions);
            for (int i = 0; i < count; i += 2) {
                index.remove(subscriptions.get(i));
            }
            List<LiveSubscription> kept = new ArrayList<>();
            for (int i = 1; i < count; i += 2) {
                kept.add(subscriptions.get(i));
            }
            assertThat(index.matching(event)).as("%d filed, every other removed", count)
                    .containsExactlyInAnyOrderElementsOf(kept);
            kept.forEach(index::remove);
            assertThat(index.matching(event)).as("%d filed, all removed", count).isEmpty();
        }
    }

    private Event randomEvent(int i) {
        List<List<String>> tags = new ArrayList<>();
        for (int t = 0; t < random.nextInt(4); t++) {
            tags.add(List.of(LETTERS[random.nextInt(LETTERS.length)], VALUES[random.nextInt(VALUES.length)]));
        }
        KeyPair author = authors.get(random.nextInt(authors.size()));
        return author.sign(new UnsignedEvent(1000 + random.nextInt(10), KINDS[random.nextInt(KINDS.length)], tags,
                "event " + i));
    }

    private Filter randomFilter(List<Event> events) {
        Filter.Builder f = Filter.builder();
        if (random.nextInt(8) == 0) {
            f.ids(events.get(random.nextInt(events.size())).id(), events.get(random.nextInt(events.size())).id());
        }
        if (random.nextInt(3) == 0) {
            f.authors(authors.get(random.nextInt(authors.size())).publicKey());
        }
        if (random.nextInt(2) == 0) {
            f.kinds(KINDS[random.nextInt(KINDS.length)], KINDS[random.nextInt(KINDS.length)]);
        }
        for (int t = 0; t < random.nextInt(3); t++) {
            f.tag(LETTERS[random.nextInt(LETTERS.length)], VALUES[random.nextInt(VALUES.length)],
                    VALUES[random.nextInt(VALUES.length)]);
        }
        if (random.nextInt(4) == 0) {
            f.since(1000 + random.nextInt(10));
        }
        if (random.nextInt(4) == 0) {
            f.until(1000 + random.nextInt(10));
        }
        return f.build();
    }
}
