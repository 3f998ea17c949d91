package io.reactivestore.relay.server;

import static io.reactivestore.relay.server.RelayHarness.note;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import io.reactivestore.relay.message.RelayMessage;
import io.reactivestore.store.StoreClosedException;
import io.reactivestore.store.memory.MemoryEventStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

@Tag("integration")
class SlowReaderAndShutdownTest {

    private final RelayHarness harness = new RelayHarness();
    private final KeyPair alice = KeyPair.generate();

    @AfterEach
    void tearDown() {
        harness.close();
    }

    @Test
    void slowReaderGetsANoticeAndIsClosedWhileOthersCarryOn() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        NostrRelay relay = harness.start(options -> options.maxOutboundMessages(64)
                .slowReaderGrace(Duration.ofMinutes(5)).meterRegistry(registry));
        RawClient slow = harness.connectPaused(relay);
        slow.req("all", Filter.builder().kinds(1).build());
        RawClient publisher = harness.connect(relay);
        String bulk = "x".repeat(60_000);
        int count = 300;
        for (int i = 0; i < count; i++) {
            assertThat(publisher.publishAndAwait(note(alice, bulk + i)).accepted()).isTrue();
        }

        slow.resumeReading();

        RelayMessage.Notice notice = slow.skipTo(RelayMessage.Notice.class);
        assertThat(notice.message()).startsWith("error: ").contains("too slowly");
        WebSocketCloseStatus status = slow.awaitClose();
        assertThat(status == null || status.code() == 1008).as("close status %s", status).isTrue();
        assertThat(publisher.query("still", Filter.builder().kinds(1).limit(1).build())).hasSize(1);
        assertThat(registry.get("relay.slow.readers").counter().count()).isEqualTo(1.0);
    }

    @Test
    void storedResultsFarBeyondTheQueueBoundReachAReaderThatKeepsUp() {
        MemoryEventStore store = MemoryEventStore.create();
        long t = RelayHarness.now() - 10_000;
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            events.add(RelayHarness.signed(alice, 1, t + i, "stored " + i, List.of()));
        }
        StepVerifier.create(store.importEvents(reactor.core.publisher.Flux.fromIterable(events)))
                .expectNext(1500L).expectComplete().verify(RawClient.WAIT);
        NostrRelay relay = harness.start(store, options -> options.maxOutboundMessages(16).maxLimit(2000)
                .defaultLimit(2000));
        RawClient client = harness.connect(relay);

        client.req("a", Filter.builder().kinds(1).build());
        client.req("b", Filter.builder().authors(alice.publicKey()).build());
        List<Event> a = new ArrayList<>();
        List<Event> b = new ArrayList<>();
        int eose = 0;
        while (eose < 2) {
            RelayMessage message = client.next();
            if (message instanceof RelayMessage.EventMessage e) {
                (e.subscriptionId().equals("a") ? a : b).add(e.event());
            } else if (message instanceof RelayMessage.Eose) {
                eose++;
            }
        }
        List<Event> newestFirst = new ArrayList<>(events);
        java.util.Collections.reverse(newestFirst);
        assertThat(a).containsExactlyElementsOf(newestFirst);
        assertThat(b).containsExactlyElementsOf(newestFirst);
        assertThat(client.publishAndAwait(note(alice, "still open")).accepted()).isTrue();
    }

    @Test
    void shutdownKeepsEveryAcknowledgedEventAndClosesConnectionsWith1001() {
        MemoryEventStore store = MemoryEventStore.create();
        NostrRelay relay = harness.start(store, options -> options.closeStoreOnShutdown(false));
        RawClient client = harness.connect(relay);
        Event first = note(alice, "acknowledged before shutdown");
        assertThat(client.publishAndAwait(first).accepted()).isTrue();
        for (int i = 0; i < 200; i++) {
            client.publish(note(alice, "in flight " + i));
        }

        relay.shutdown().block(Duration.ofSeconds(30));

        List<String> acknowledged = new ArrayList<>(List.of(first.id()));
        while (!client.isClosed()) {
            RelayMessage message;
            try {
                message = client.next();
            } catch (AssertionError noMore) {
                break;
            }
            if (message instanceof RelayMessage.Ok ok && ok.accepted()) {
                acknowledged.add(ok.eventId());
            }
        }
        WebSocketCloseStatus status = client.awaitClose();
        assertThat(status).isNotNull();
        assertThat(status.code()).isEqualTo(1001);
        List<String> stored = store.query(Filter.ALL).map(Event::id).collectList().block(Duration.ofSeconds(10));
        assertThat(stored).containsAll(acknowledged);
        assertThat(RawClient.refuses(relay.url())).isTrue();
    }

    @Test
    void shutdownSends1001AfterTheLastAnswerWhileTheClientsUnreadMessagesWaitAtTheRelay() {
        GatedStore store = new GatedStore();
        NostrRelay relay = harness.start(store, options -> options.closeStoreOnShutdown(false).maxEventsInFlight(1));
        RawClient client = harness.connect(relay);
        CompletableFuture<Void> saved = store.holdSaveAcknowledgements();
        Event answeredLast = note(alice, "in flight when the relay shuts down");
        client.publish(answeredLast);
        RelayHarness.await(saved);
        // With that event in flight the relay reads no further message from this client, so these still wait
        // unread in its socket when the relay is done: closing a socket with unread input resets the connection.
        String bulk = "x".repeat(2_000);
        for (int i = 0; i < 100; i++) {
            client.publish(note(alice, bulk + i));
        }

        CompletableFuture<Void> shutdown = relay.shutdown().toFuture();
        store.openSaves();
        RelayHarness.await(shutdown, Duration.ofSeconds(30));

        assertThat(client.skipTo(RelayMessage.Ok.class).eventId()).isEqualTo(answeredLast.id());
        WebSocketCloseStatus status = client.awaitClose();
        assertThat(status).isNotNull();
        assertThat(status.code()).isEqualTo(1001);
    }

    @Test
    void shutdownClosesTheStoreByDefault() {
        MemoryEventStore store = MemoryEventStore.create();
        NostrRelay relay = harness.start(store, options -> { });
        harness.connect(relay).publishAndAwait(note(alice, "before"));

        relay.shutdown().block(Duration.ofSeconds(30));

        StepVerifier.create(store.query(Filter.ALL)).expectError(StoreClosedException.class).verify(Duration.ofSeconds(5));
    }

    @Test
    void shutdownKeepsTheStoreOpenWhenAskedTo() {
        MemoryEventStore store = MemoryEventStore.create();
        NostrRelay relay = harness.start(store, options -> options.closeStoreOnShutdown(false));
        RawClient client = harness.connect(relay);
        Event event = note(alice, "kept");
        client.publishAndAwait(event);

        relay.shutdown().block(Duration.ofSeconds(30));

        StepVerifier.create(store.query(Filter.ALL)).expectNext(event).expectComplete().verify(RawClient.WAIT);
    }
}
