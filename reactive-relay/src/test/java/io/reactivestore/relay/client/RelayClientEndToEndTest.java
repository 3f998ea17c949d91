package io.reactivestore.relay.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.NostrJson;
import io.reactivestore.event.UnsignedEvent;
import io.reactivestore.relay.server.NostrRelay;
import io.reactivestore.relay.client.OkResult;
import io.reactivestore.relay.client.RelayClient;
import io.reactivestore.relay.client.RelayClientException;
import io.reactivestore.relay.client.RelayClientOptions;
import io.reactivestore.relay.server.RelayOptions;
import io.reactivestore.relay.client.SubscriptionItem;
import io.reactivestore.store.memory.MemoryEventStore;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** {@link RelayClient} against the real {@link NostrRelay} (in-memory store) over loopback. */
class RelayClientEndToEndTest {

    private static final Duration BOUND = Duration.ofSeconds(10);

    private final KeyPair me = KeyPair.generate();
    private final MemoryEventStore store = MemoryEventStore.create();
    private NostrRelay relay;
    private RelayClient client;

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.closeBlocking();
        }
        if (relay != null) {
            relay.shutdown().block(BOUND);
        }
    }

    private void startRelay(UnaryOperator<RelayOptions.Builder> configure) {
        relay = NostrRelay.start(store, configure.apply(RelayOptions.builder().host("127.0.0.1").port(0))
                .closeStoreOnShutdown(false).build()).block(BOUND);
    }

    private Event note(String content, long createdAt) {
        return me.sign(new UnsignedEvent(createdAt, 1, List.of(List.of("t", "e2e")), content));
    }

    @Test
    void storedEventsThenEndOfStoredThenLiveEventsFromTheRealRelay() {
        startRelay(b -> b);
        client = RelayClient.create(relay.url());
        long now = System.currentTimeMillis() / 1000;
        Event older = note("older", now - 10);
        Event newer = note("newer", now - 5);
        Event live = note("live", now);
        StepVerifier.create(client.publish(older).then(client.publish(newer)))
                .expectNextMatches(OkResult::accepted).expectComplete().verify(BOUND);

        StepVerifier.create(client.subscribe(List.of(Filter.builder().kinds(1).tag("t", "e2e").build())))
                .expectNext(new SubscriptionItem.Stored(newer), new SubscriptionItem.Stored(older))
                .expectNext(SubscriptionItem.EndOfStored.INSTANCE)
                .then(() -> client.publish(live).subscribe())
                .expectNext(new SubscriptionItem.Live(live))
                .thenCancel()
                .verify(BOUND);
    }

    @Test
    void singleFilterFormsAskTheSameAsTheListForms() {
        startRelay(b -> b);
        client = RelayClient.create(relay.url());
        Event event = note("one filter", System.currentTimeMillis() / 1000);
        Filter mine = Filter.builder().authors(me.publicKey()).build();
        StepVerifier.create(client.publish(event)).expectNextMatches(OkResult::accepted).expectComplete().verify(BOUND);

        StepVerifier.create(client.fetch(mine)).expectNext(event).expectComplete().verify(BOUND);
        StepVerifier.create(client.count(mine)).expectNext(1L).expectComplete().verify(BOUND);
        StepVerifier.create(client.subscribe(mine))
                .expectNext(new SubscriptionItem.Stored(event), SubscriptionItem.EndOfStored.INSTANCE)
                .thenCancel()
                .verify(BOUND);
    }

    @Test
    void closeIsAMonoThatClosesOnSubscriptionAndEveryCallSharesItsCompletion() {
        startRelay(b -> b);
        client = RelayClient.create(relay.url());
        StepVerifier.create(client.connect()).expectComplete().verify(BOUND);
        client.close();                                          // not subscribed: nothing happens
        StepVerifier.create(client.count(Filter.ALL)).expectNext(0L).expectComplete().verify(BOUND);

        StepVerifier.create(client.close()).expectComplete().verify(BOUND);
        StepVerifier.create(client.close()).expectComplete().verify(BOUND);
        StepVerifier.create(client.publish(note("too late", System.currentTimeMillis() / 1000)))
                .expectError(RelayClientException.ClientClosed.class)
                .verify(BOUND);
    }

    @Test
    void closingAClientThatNeverConnectedCompletesAtOnce() {
        RelayClient idle = RelayClient.create("ws://127.0.0.1:9/");
        StepVerifier.create(idle.close()).expectComplete().verify(BOUND);
        StepVerifier.create(idle.connect()).expectError(RelayClientException.ClientClosed.class).verify(BOUND);
    }

    @Test
    void duplicateAndInvalidEventsGetPrefixedAnswers() {
        startRelay(b -> b);
        client = RelayClient.create(relay.url());
        Event event = note("once", System.currentTimeMillis() / 1000);
        Event forged = NostrJson.parseEvent(event.toJson().replace("\"once\"", "\"twice\""));

        StepVerifier.create(client.publish(event)).expectNextMatches(ok -> ok.accepted() && !ok.isDuplicate())
                .expectComplete().verify(BOUND);
        StepVerifier.create(client.publish(event)).expectNextMatches(ok -> ok.accepted() && ok.isDuplicate())
                .expectComplete().verify(BOUND);
        StepVerifier.create(client.publish(forged))
                .assertNext(ok -> {
                    assertThat(ok.accepted()).isFalse();
                    assertThat(ok.prefix()).isEqualTo("invalid");
                })
                .expectComplete().verify(BOUND);
    }

    @Test
    void countAndFetchAgreeWithWhatWasPublished() {
        startRelay(b -> b);
        client = RelayClient.create(relay.url());
        long now = System.currentTimeMillis() / 1000;
        for (int i = 0; i < 5; i++) {
            StepVerifier.create(client.publish(note("n" + i, now - i))).expectNextMatches(OkResult::accepted)
                    .expectComplete().verify(BOUND);
        }
        List<Filter> mine = List.of(Filter.builder().authors(me.publicKey()).build());

        StepVerifier.create(client.count(mine)).expectNext(5L).expectComplete().verify(BOUND);
        StepVerifier.create(client.fetch(List.of(Filter.builder().authors(me.publicKey()).limit(2).build())))
                .assertNext(e -> assertThat(e.content()).isEqualTo("n0"))
                .assertNext(e -> assertThat(e.content()).isEqualTo("n1"))
                .expectComplete().verify(BOUND);
    }

    @Test
    void aRefusedSubscriptionEndsWithClosedByRelayAndCancelFreesTheSlot() {
        startRelay(b -> b.maxSubscriptions(1));
        client = RelayClient.create(relay.url());
        List<Filter> all = List.of(Filter.builder().kinds(1).build());

        StepVerifier.create(client.subscribe(all))
                .expectNext(SubscriptionItem.EndOfStored.INSTANCE)
                .then(() -> StepVerifier.create(client.subscribe(all))
                        .expectErrorSatisfies(e -> assertThat(((RelayClientException.ClosedByRelay) e).prefix())
                                .isEqualTo("blocked"))
                        .verify(BOUND))
                .thenCancel()
                .verify(BOUND);
        StepVerifier.create(client.subscribe(all))
                .expectNext(SubscriptionItem.EndOfStored.INSTANCE)
                .thenCancel()
                .verify(BOUND);
    }

    @Test
    void writesThatNeedAuthSucceedWithAKeyAndAreAnsweredAuthRequiredWithout() {
        startRelay(b -> b.authRequiredForWrites(true));
        Event event = note("members only", System.currentTimeMillis() / 1000);
        RelayClient anonymous = RelayClient.create(relay.url());
        try {
            StepVerifier.create(anonymous.publish(event))
                    .assertNext(ok -> assertThat(ok.prefix()).isEqualTo("auth-required"))
                    .expectComplete().verify(BOUND);
        } finally {
            anonymous.closeBlocking();
        }
        client = RelayClient.create(RelayClientOptions.builder(relay.url()).authKey(me).build());
        StepVerifier.create(client.publish(event)).expectNextMatches(OkResult::accepted).expectComplete().verify(BOUND);
    }

    @Test
    void aSubscriptionSurvivesARelayRestartAndReceivesLaterEvents() {
        startRelay(b -> b.shutdownTimeout(Duration.ofMillis(200)));
        int port = relay.port();
        client = RelayClient.create(RelayClientOptions.builder(relay.url())
                .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(200)).build());
        Event afterRestart = note("after restart", System.currentTimeMillis() / 1000);

        StepVerifier.create(client.subscribe(List.of(Filter.builder().kinds(1).tag("t", "e2e").build())))
                .expectNext(SubscriptionItem.EndOfStored.INSTANCE)
                .then(() -> {
                    relay.shutdown().block(BOUND);
                    startRelay(b -> b.port(port));
                })
                .then(() -> client.publish(afterRestart).subscribe())
                .expectNext(new SubscriptionItem.Live(afterRestart))
                .thenCancel()
                .verify(BOUND);
    }
}
