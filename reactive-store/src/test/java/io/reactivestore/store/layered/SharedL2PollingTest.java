package io.reactivestore.store.layered;

import static io.reactivestore.testing.TestEvents.ALICE;
import static io.reactivestore.testing.TestEvents.BOB;
import static io.reactivestore.testing.TestEvents.note;
import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.store.memory.MemoryEventStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Two layered stores over one shared L2 (memory), polling on virtual time. */
class SharedL2PollingTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final long NOW = 1_700_000_000L;

    private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    private final Clock clock = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    private final MemoryEventStore sharedL2 = MemoryEventStore.create();
    private final MemoryEventStore l1OfB = MemoryEventStore.create();
    private final Sinks.Many<String> wakeUpsOfB = Sinks.many().multicast().directBestEffort();
    private final List<LayeredEventStore> nodes = new ArrayList<>();

    private LayeredEventStore node(MemoryEventStore l1, Duration pollEvery, int eventsBuffer) {
        LayeredEventStore node = LayeredEventStore.builder(l1, sharedL2).maxEvents(1000).pollEvery(pollEvery)
                .pollOverlap(2).scheduler(time).clock(clock).wakeUps(wakeUpsOfB.asFlux()).eventsBuffer(eventsBuffer)
                .build();
        nodes.add(node);
        return node;
    }

    @AfterEach
    void closeNodes() {
        nodes.forEach(n -> n.close().block(TIMEOUT));
    }

    @Test
    void aNodePublishesEventsAnotherNodeSavedAtItsNextPoll() {
        LayeredEventStore a = node(MemoryEventStore.create(), Duration.ofSeconds(5), 16);
        LayeredEventStore b = node(l1OfB, Duration.ofSeconds(5), 16);
        List<Event> seenByA = new CopyOnWriteArrayList<>();
        List<Event> seenByB = new CopyOnWriteArrayList<>();
        a.events().subscribe(seenByA::add);
        b.events().subscribe(seenByB::add);
        Event e = note(ALICE, NOW, "from a");
        a.save(e).block(TIMEOUT);

        time.advanceTimeBy(Duration.ofSeconds(4));
        assertThat(seenByB).isEmpty();
        time.advanceTimeBy(Duration.ofSeconds(1));
        assertThat(seenByB).containsExactly(e);
        assertThat(l1OfB.query(Filter.ALL).collectList().block(TIMEOUT)).containsExactly(e);
        assertThat(b.stats().l1Events()).isEqualTo(1);

        time.advanceTimeBy(Duration.ofSeconds(5));
        assertThat(seenByB).as("an event inside the overlap window is published once").containsExactly(e);
        assertThat(seenByA).as("a node does not publish its own saves back").isEmpty();
        assertThat(b.stats().polled()).isEqualTo(1);
    }

    @Test
    void theWindowReachesBackPollFrequencyTimesOverlapBeforeTheNewestSeen() {
        LayeredEventStore a = node(MemoryEventStore.create(), Duration.ofSeconds(5), 16);
        LayeredEventStore b = node(l1OfB, Duration.ofSeconds(5), 16);
        List<Event> seenByB = new CopyOnWriteArrayList<>();
        b.events().subscribe(seenByB::add);
        Event late = note(BOB, NOW - 10, "written late, inside the 2 x 5 s window");
        Event tooOld = note(BOB, NOW - 11, "older than the window");
        a.save(late).block(TIMEOUT);
        a.save(tooOld).block(TIMEOUT);

        time.advanceTimeBy(Duration.ofSeconds(5));
        assertThat(seenByB).containsExactly(late);
    }

    @Test
    void aWakeUpSignalTriggersAPollAtOnce() {
        LayeredEventStore a = node(MemoryEventStore.create(), Duration.ofHours(1), 16);
        LayeredEventStore b = node(l1OfB, Duration.ofHours(1), 16);
        Event e = note(ALICE, NOW, "from a");
        a.save(e).block(TIMEOUT);

        StepVerifier.create(b.events())
                .then(() -> wakeUpsOfB.tryEmitNext("notified"))
                .expectNext(e)
                .thenCancel()
                .verify(TIMEOUT);
    }

    @Test
    void aSlowSubscriberLosesItsOldestEventsWithoutHoldingOthersBack() {
        LayeredEventStore a = node(MemoryEventStore.create(), Duration.ofSeconds(5), 16);
        LayeredEventStore b = node(l1OfB, Duration.ofSeconds(5), 2);
        List<Event> events = List.of(note(ALICE, NOW - 3, "1"), note(ALICE, NOW - 2, "2"), note(ALICE, NOW - 1, "3"),
                note(ALICE, NOW, "4"));
        events.forEach(e -> a.save(e).block(TIMEOUT));
        List<Event> fast = new CopyOnWriteArrayList<>();
        b.events().subscribe(fast::add);

        StepVerifier.create(b.events(), 0)
                .then(() -> time.advanceTimeBy(Duration.ofSeconds(5)))
                .then(() -> assertThat(fast).hasSize(4))
                .thenRequest(4)
                .expectNext(events.get(1), events.get(0))
                .thenCancel()
                .verify(TIMEOUT);
        assertThat(b.stats().eventsDropped()).isEqualTo(2);
    }

    @Test
    void withoutPollingEventsCompletesAtOnce() {
        LayeredEventStore alone = LayeredEventStore.builder(MemoryEventStore.create(), sharedL2).maxEvents(10).build();
        nodes.add(alone);
        StepVerifier.create(alone.events()).expectComplete().verify(TIMEOUT);
    }
}
