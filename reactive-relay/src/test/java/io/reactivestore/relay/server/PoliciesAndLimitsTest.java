package io.reactivestore.relay.server;

import io.reactivestore.relay.policy.Rejection;

import static io.reactivestore.relay.server.RelayHarness.note;
import static io.reactivestore.relay.server.RelayHarness.now;
import static io.reactivestore.relay.server.RelayHarness.signed;
import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.UnsignedEvent;
import io.reactivestore.relay.message.ClientMessage;
import io.reactivestore.relay.message.RelayMessage;
import io.reactivestore.relay.policy.Policies;
import io.reactivestore.relay.policy.ProofOfWork;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Built-in limits, shipped policies, user hooks, rate limits and the connection limit. */
class PoliciesAndLimitsTest {

    private final RelayHarness harness = new RelayHarness();
    private final KeyPair alice = KeyPair.generate();
    private final KeyPair mallory = KeyPair.generate();

    @AfterEach
    void tearDown() {
        harness.close();
    }

    private static void assertRefused(RelayMessage.Ok ok, String prefix) {
        assertThat(ok.accepted()).isFalse();
        assertThat(ok.message()).startsWith(prefix + ": ");
    }

    @Test
    void builtInLimitsRefuseOversizedAndMistimedEvents() {
        NostrRelay relay = harness.start(options -> options.maxContentLength(10).maxEventTags(2)
                .createdAtPast(Duration.ofDays(1)).createdAtFuture(Duration.ofMinutes(5)));
        RawClient client = harness.connect(relay);

        assertRefused(client.publishAndAwait(note(alice, "this content is too long")), "invalid");
        assertRefused(client.publishAndAwait(signed(alice, 1, now(), "tags",
                List.of(List.of("t", "a"), List.of("t", "b"), List.of("t", "c")))), "invalid");
        assertRefused(client.publishAndAwait(signed(alice, 1, now() + 3600, "future", List.of())), "invalid");
        assertRefused(client.publishAndAwait(signed(alice, 1, now() - 2 * 86400, "past", List.of())), "invalid");
        assertThat(client.publishAndAwait(note(alice, "just right")).accepted()).isTrue();
    }

    @Test
    void shippedPoliciesBlockKindsAndPubkeys() {
        NostrRelay relay = harness.start(options -> options
                .rejectEvent(Policies.denyPubkeys(List.of(mallory.publicKey())))
                .rejectEvent(Policies.allowKinds(List.of(1, 5))));
        RawClient client = harness.connect(relay);

        assertRefused(client.publishAndAwait(note(mallory, "banned")), "blocked");
        assertRefused(client.publishAndAwait(signed(alice, 7, now(), "+", List.of())), "blocked");
        assertThat(client.publishAndAwait(note(alice, "fine")).accepted()).isTrue();
    }

    @Test
    void proofOfWorkIsRequiredWhenConfigured() {
        NostrRelay relay = harness.start(options -> options.minPowDifficulty(8));
        RawClient client = harness.connect(relay);
        Event weak = firstWithDifficulty(0, 3);
        Event mined = firstWithDifficulty(8, 256);

        assertRefused(client.publishAndAwait(weak), "pow");
        assertThat(client.publishAndAwait(mined).accepted()).isTrue();
    }

    private Event firstWithDifficulty(int min, int max) {
        for (int nonce = 0; ; nonce++) {
            Event candidate = alice.sign(new UnsignedEvent(now(), 1, List.of(List.of("nonce", String.valueOf(nonce), "8")),
                    "mined"));
            int difficulty = ProofOfWork.difficulty(candidate.id());
            if (difficulty >= min && difficulty <= max) {
                return candidate;
            }
        }
    }

    @Test
    void proofOfWorkCountsLeadingZeroBits() {
        assertThat(ProofOfWork.difficulty("000000000e9d97a1ab09fc381030b346cdd7a142ad57e6df0b46dc9bef6c7e2d")).isEqualTo(36);
        assertThat(ProofOfWork.difficulty("002f" + "f".repeat(60))).isEqualTo(10);
        assertThat(ProofOfWork.difficulty("8" + "0".repeat(63))).isZero();
    }

    @Test
    void hooksSeeConnectionsFiltersAndSavedEvents() {
        List<String> calls = new CopyOnWriteArrayList<>();
        NostrRelay relay = harness.start(options -> options
                .onConnect(session -> calls.add("connect " + session.id()))
                .onDisconnect(session -> calls.add("disconnect " + session.id()))
                .onEventSaved((event, session) -> calls.add("saved " + event.id()))
                .rejectFilter((filters, session) -> filters.stream().anyMatch(f -> f.kinds() == null)
                        ? Optional.of(Rejection.restricted("say which kinds you want")) : Optional.empty())
                .rejectEvent((event, session) -> event.content().contains("spam")
                        ? Optional.of(Rejection.blocked("no spam")) : Optional.empty()));
        RawClient client = harness.connect(relay);
        Event saved = note(alice, "ham");

        assertThat(client.publishAndAwait(saved).accepted()).isTrue();
        assertRefused(client.publishAndAwait(note(alice, "spam spam")), "blocked");
        client.req("any", Filter.ALL);
        RelayMessage.Closed closed = client.next(RelayMessage.Closed.class);
        assertThat(closed.message()).isEqualTo("restricted: say which kinds you want");
        client.close();

        StepVerifier.create(Mono.fromCallable(() -> calls.size() >= 3 ? calls : null)
                        .repeatWhenEmpty(ticks -> ticks.delayElements(Duration.ofMillis(20))))
                .assertNext(seen -> {
                    assertThat(seen.get(0)).startsWith("connect ");
                    assertThat(seen).contains("saved " + saved.id());
                    assertThat(seen.get(seen.size() - 1)).startsWith("disconnect ");
                })
                .expectComplete().verify(RawClient.WAIT);
    }

    @Test
    void perConnectionEventRateLimitAnswersRateLimited() {
        NostrRelay relay = harness.start(options -> options.eventsPerSecondPerConnection(0.001).rateBurst(2));
        RawClient client = harness.connect(relay);

        assertThat(client.publishAndAwait(note(alice, "1")).accepted()).isTrue();
        assertThat(client.publishAndAwait(note(alice, "2")).accepted()).isTrue();
        assertRefused(client.publishAndAwait(note(alice, "3")), "rate-limited");
        assertThat(harness.connect(relay).publishAndAwait(note(alice, "other connection")).accepted()).isTrue();
    }

    @Test
    void perIpLimitsSpanConnections() {
        NostrRelay relay = harness.start(options -> options.eventsPerSecondPerIp(0.001)
                .requestsPerSecondPerIp(0.001).rateBurst(2));
        RawClient first = harness.connect(relay);
        RawClient second = harness.connect(relay);

        assertThat(first.publishAndAwait(note(alice, "1")).accepted()).isTrue();
        assertThat(second.publishAndAwait(note(alice, "2")).accepted()).isTrue();
        assertRefused(first.publishAndAwait(note(alice, "3")), "rate-limited");
        first.query("a", Filter.builder().kinds(1).limit(1).build());
        second.query("b", Filter.builder().kinds(1).limit(1).build());
        second.send(new ClientMessage.Count("c", List.of(Filter.ALL)));
        assertThat(second.next(RelayMessage.Closed.class).message()).startsWith("rate-limited: ");
    }

    @Test
    void connectionsPastTheLimitAreRefused() {
        NostrRelay relay = harness.start(options -> options.maxConnections(2));
        List<RawClient> open = new ArrayList<>();
        open.add(harness.connect(relay));
        open.add(harness.connect(relay));

        assertThat(RawClient.refuses(relay.url())).isTrue();

        open.get(0).close();
        StepVerifier.create(Mono.fromCallable(() -> relay.connectionCount() < 2 ? true : null)
                        .repeatWhenEmpty(ticks -> ticks.delayElements(Duration.ofMillis(20))))
                .expectNext(true)
                .expectComplete().verify(RawClient.WAIT);
        assertThat(harness.connect(relay).publishAndAwait(note(alice, "room again")).accepted()).isTrue();
    }

    @Test
    void optionsOutOfRangeAreRefusedByTheBuilder() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> RelayOptions.builder().maxLimit(10).defaultLimit(20).build())
                .withMessageContaining("defaultLimit");
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> RelayOptions.builder().port(70000).build())
                .withMessageContaining("port");
    }
}
