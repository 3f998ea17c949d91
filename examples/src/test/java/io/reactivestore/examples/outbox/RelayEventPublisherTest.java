package io.reactivestore.examples.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import io.reactivestore.outbox.BroadcastReport;
import io.reactivestore.outbox.MemoryOutbox;
import io.reactivestore.outbox.MemoryTransaction;
import io.reactivestore.outbox.OutboxBroadcaster;
import io.reactivestore.outbox.OutboxConfig;
import io.reactivestore.outbox.OutboxEvent;
import io.reactivestore.outbox.OutboxStore;
import io.reactivestore.relay.server.NostrRelay;
import io.reactivestore.relay.client.RelayClient;
import io.reactivestore.relay.client.RelayClientOptions;
import io.reactivestore.relay.server.RelayOptions;
import io.reactivestore.store.memory.MemoryEventStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** The broadcaster against a real relay on loopback through a real {@link RelayClient}. */
class RelayEventPublisherTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final MemoryEventStore relayStore = MemoryEventStore.create();
    private final OutboxStore<MemoryTransaction> outbox =
            MemoryOutbox.create(OutboxConfig.builder().eventTypes("deposit").build());
    private NostrRelay relay;
    private RelayClient client;

    @BeforeEach
    void start() {
        // content is the data in Base64: 400 characters hold 300 bytes
        relay = NostrRelay.start(relayStore, RelayOptions.builder().host("127.0.0.1").port(0)
                .maxContentLength(400).build()).block(TIMEOUT);
        client = RelayClient.create(RelayClientOptions.builder(relay.url()).requestTimeout(Duration.ofSeconds(10))
                .build());
    }

    @AfterEach
    void stop() {
        client.closeBlocking();
        relay.shutdown().block(TIMEOUT);
        outbox.close().block(TIMEOUT);
    }

    private UUID store(byte[] data) {
        return outbox.store(data, "deposit").block(TIMEOUT).id();
    }

    private OutboxBroadcaster broadcaster(int maxRounds) {
        return OutboxBroadcaster.builder(outbox, new RelayEventPublisher(client,
                        new NostrOutboxEvents(KeyPair.generate(), Clock.systemUTC())))
                .maxRounds(maxRounds).retryDelay(Duration.ofMillis(50)).answerTimeout(Duration.ofSeconds(10)).build();
    }

    @Test
    void eventsAcceptedByTheRelayAreMarkedReceivedAndStoredThere() {
        UUID a = store("deposit 1".getBytes(StandardCharsets.UTF_8));
        UUID b = store("deposit 2".getBytes(StandardCharsets.UTF_8));
        StepVerifier.create(broadcaster(3).run())
                .expectNext(new BroadcastReport(2, 0, 0, 1, 0, 0))
                .expectComplete()
                .verify(TIMEOUT);

        List<Event> onRelay = relayStore.query(Filter.builder().kinds(NostrOutboxEvents.KIND).build())
                .collectList().block(TIMEOUT);
        assertThat(onRelay).extracting(e -> e.firstTagValue("d"))
                .containsExactlyInAnyOrder(a.toString(), b.toString());
        assertThat(outbox.unreceived().collectList().block(TIMEOUT)).isEmpty();
    }

    @Test
    void anEventTheRelayRefusesStaysUnreceivedAfterTheLastRound() {
        UUID accepted = store("small".getBytes(StandardCharsets.UTF_8));
        UUID refused = store(new byte[600]); // 800 Base64 characters: over the relay's content limit
        StepVerifier.create(broadcaster(2).run())
                .expectNext(new BroadcastReport(1, 2, 0, 2, 0, 1))
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(outbox.unreceived().map(OutboxEvent::id).collectList().block(TIMEOUT)).containsExactly(refused);
        assertThat(outbox.observed(List.of(accepted, refused)).collectList().block(TIMEOUT)).containsExactly(refused);
    }
}
