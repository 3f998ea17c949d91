package io.reactivestore.relay.server;

import static io.reactivestore.relay.server.RelayHarness.note;
import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.RelayMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An event stored while a REQ's stored query runs is delivered exactly once, before or after EOSE. */
class EoseBoundaryTest {

    private final RelayHarness harness = new RelayHarness();
    private final KeyPair alice = KeyPair.generate();

    @AfterEach
    void tearDown() {
        harness.close();
    }

    /** Every EVENT of {@code subId} until {@code marker} arrives live, and whether EOSE was seen. */
    private static List<Event> eventsUntil(RawClient client, String subId, Event marker) {
        List<Event> events = new ArrayList<>();
        while (true) {
            RelayMessage message = client.next();
            if (message instanceof RelayMessage.EventMessage e && e.subscriptionId().equals(subId)) {
                events.add(e.event());
                if (e.event().equals(marker)) {
                    return events;
                }
            }
        }
    }

    @Test
    void eventSavedAndFannedOutDuringTheStoredQueryIsDeliveredOnce() {
        GatedStore store = new GatedStore();
        NostrRelay relay = harness.start(store, options -> { });
        RawClient subscriber = harness.connect(relay);
        RawClient publisher = harness.connect(relay);
        CompletableFuture<Void> queryStarted = store.holdQueries();

        subscriber.req("s", Filter.builder().kinds(1).build());
        RelayHarness.await(queryStarted);
        Event during = note(alice, "saved while the stored query waits");
        assertThat(publisher.publishAndAwait(during).accepted()).isTrue();
        store.openQueries();

        Event marker = note(alice, "marker");
        List<Event> seen = new ArrayList<>(subscriber.storedEvents("s"));
        publisher.publishAndAwait(marker);
        seen.addAll(eventsUntil(subscriber, "s", marker));
        assertThat(seen).containsExactly(during, marker);
    }

    @Test
    void eventStoredButNotYetFannedOutWhenTheQueryRunsIsDeliveredOnce() {
        GatedStore store = new GatedStore();
        NostrRelay relay = harness.start(store, options -> { });
        RawClient subscriber = harness.connect(relay);
        RawClient publisher = harness.connect(relay);
        CompletableFuture<Void> stored = store.holdSaveAcknowledgements();

        Event inFlight = note(alice, "stored, acknowledgement held back");
        publisher.publish(inFlight);
        RelayHarness.await(stored);
        List<Event> beforeEose = subscriber.query("s", Filter.builder().kinds(1).build());
        assertThat(beforeEose).containsExactly(inFlight);
        store.openSaves();
        assertThat(publisher.skipTo(RelayMessage.Ok.class).accepted()).isTrue();

        Event marker = note(alice, "marker");
        publisher.publishAndAwait(marker);
        assertThat(eventsUntil(subscriber, "s", marker)).containsExactly(marker);
    }

    @Test
    void concurrentPublishingAndSubscribingDeliversEveryEventExactlyOnce() {
        // 4000 live messages in one burst: a queue deep enough that a loaded machine never counts this client as slow
        NostrRelay relay = harness.start(options -> options.maxSubscriptions(50).maxOutboundMessages(10_000));
        RawClient subscriber = harness.connect(relay);
        List<RawClient> publishers = List.of(harness.connect(relay), harness.connect(relay));
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            events.add(note(alice, "concurrent " + i));
        }
        for (int i = 0; i < events.size(); i++) {
            publishers.get(i % 2).publish(events.get(i));
            if (i % 10 == 0) {
                subscriber.req("s" + (i / 10), Filter.builder().authors(alice.publicKey()).build());
            }
        }
        for (RawClient p : publishers) {
            for (int i = 0; i < events.size() / 2; i++) {
                assertThat(p.skipTo(RelayMessage.Ok.class).accepted()).isTrue();
            }
        }
        // Every EOSE first, then the marker: a marker saved while a stored query still runs may come as one of
        // its stored results, ahead of stored events not sent yet, so only a marker published after EOSE (hence
        // delivered live, behind every earlier live event) tells that a subscription has received everything.
        Map<String, List<String>> perSubscription = new HashMap<>();
        Set<String> ended = new HashSet<>();
        while (ended.size() < 20) {
            RelayMessage message = next(subscriber, perSubscription);
            if (message instanceof RelayMessage.Eose eose) {
                ended.add(eose.subscriptionId());
            } else {
                file(message, perSubscription);
            }
        }
        Event marker = note(alice, "marker");
        publishers.get(0).publishAndAwait(marker);
        Set<String> markerSeen = new HashSet<>();
        while (markerSeen.size() < 20) {
            RelayMessage message = next(subscriber, perSubscription);
            if (message instanceof RelayMessage.EventMessage e && e.event().equals(marker)) {
                markerSeen.add(e.subscriptionId());
            } else {
                file(message, perSubscription);
            }
        }
        Set<String> all = new HashSet<>();
        events.forEach(e -> all.add(e.id()));
        for (int s = 0; s < 20; s++) {
            List<String> ids = perSubscription.getOrDefault("s" + s, List.of());
            assertThat(ids).as("subscription s%d", s).doesNotHaveDuplicates();
            assertThat(new HashSet<>(ids)).as("subscription s%d", s).isEqualTo(all);
        }
        subscriber.assertNothingWithin(Duration.ofMillis(200));
    }

    /** The next message, or a failure that tells how far each subscription got. */
    private static RelayMessage next(RawClient client, Map<String, List<String>> perSubscription) {
        try {
            return client.next();
        } catch (AssertionError timeout) {
            throw new AssertionError("events so far " + perSubscription.entrySet().stream()
                    .map(en -> en.getKey() + "=" + en.getValue().size()).toList(), timeout);
        }
    }

    /** Files an EVENT's id under its subscription; any other message fails the test. */
    private static void file(RelayMessage message, Map<String, List<String>> perSubscription) {
        assertThat(message).isInstanceOf(RelayMessage.EventMessage.class);
        RelayMessage.EventMessage e = (RelayMessage.EventMessage) message;
        perSubscription.computeIfAbsent(e.subscriptionId(), k -> new ArrayList<>()).add(e.event().id());
    }
}
