package io.reactivestore.relay.server;

import io.reactivestore.relay.client.OkResult;
import io.reactivestore.relay.client.RelayClient;
import io.reactivestore.relay.client.RelayClientOptions;
import io.reactivestore.relay.client.SubscriptionItem;

import static io.reactivestore.relay.server.RelayHarness.note;
import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** The project's own {@link RelayClient} against {@link NostrRelay} over loopback. */
class NostrRelayWithClientTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final RelayHarness harness = new RelayHarness();
    private final KeyPair alice = KeyPair.generate();
    @AfterEach
    void tearDown() {
        harness.close();
    }

    @Test
    void publishSubscribeAcrossEoseAndCount() {
        NostrRelay relay = harness.start();
        RelayClient client = harness.client(relay);
        Event stored = note(alice, "stored first");
        Event live = note(alice, "then live");

        StepVerifier.create(client.publish(stored))
                .assertNext(ok -> assertThat(ok.accepted()).isTrue())
                .expectComplete().verify(WAIT);
        StepVerifier.create(client.publish(stored))
                .assertNext(ok -> assertThat(ok.isDuplicate()).isTrue())
                .expectComplete()
                .verify(WAIT);

        StepVerifier.create(client.subscribe(List.of(Filter.builder().authors(alice.publicKey()).build())))
                .assertNext(item -> assertThat(item).isEqualTo(new SubscriptionItem.Stored(stored)))
                .assertNext(item -> assertThat(item).isInstanceOf(SubscriptionItem.EndOfStored.class))
                .then(() -> client.publish(live).subscribe())
                .assertNext(item -> assertThat(item).isEqualTo(new SubscriptionItem.Live(live)))
                .thenCancel()
                .verify(WAIT);

        StepVerifier.create(client.count(List.of(Filter.builder().authors(alice.publicKey()).build())))
                .expectNext(2L)
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void clientAuthenticatesWhenTheRelayRequiresIt() {
        NostrRelay relay = harness.start(options -> options.authRequiredForWrites(true).authRequiredForReads(true));
        RelayClient client = harness.client(RelayClientOptions.builder(relay.url()).authKey(alice).build());
        Event event = note(alice, "authenticated write");

        StepVerifier.create(client.publish(event).map(OkResult::message).repeat(1).last())
                .expectNext("duplicate: already have this event")
                .expectComplete()
                .verify(WAIT);
        StepVerifier.create(client.fetch(List.of(Filter.builder().ids(event.id()).build())))
                .expectNext(event)
                .expectComplete()
                .verify(WAIT);
    }
}
