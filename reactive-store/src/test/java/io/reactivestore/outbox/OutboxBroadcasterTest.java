package io.reactivestore.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The broadcaster loop without a network: a scripted {@link OutboxPublisher} on a memory outbox; virtual time for delays. */
class OutboxBroadcasterTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration RETRY = Duration.ofSeconds(5);
    private static final Duration ANSWER = Duration.ofSeconds(30);

    private final OutboxStore<MemoryTransaction> store =
            MemoryOutbox.create(OutboxConfig.builder().eventTypes("deposit").build());
    private final List<String> published = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        store.close().block(TIMEOUT);
    }

    private UUID store(String data) {
        return store.store(data.getBytes(StandardCharsets.UTF_8), "deposit").block(TIMEOUT).id();
    }

    private OutboxPublisher answering(Map<String, List<Mono<Boolean>>> script) {
        Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        return event -> {
            String data = new String(event.data(), StandardCharsets.UTF_8);
            published.add(data);
            List<Mono<Boolean>> answers = script.getOrDefault(data, List.of(Mono.just(true)));
            int attempt = attempts.computeIfAbsent(data, d -> new AtomicInteger()).getAndIncrement();
            return answers.get(Math.min(attempt, answers.size() - 1));
        };
    }

    private OutboxBroadcaster.Builder builder(OutboxPublisher publisher, int maxRounds) {
        return OutboxBroadcaster.builder(store, publisher).batchSize(100).maxRounds(maxRounds).retryDelay(RETRY)
                .answerTimeout(ANSWER);
    }

    private OutboxBroadcaster broadcaster(OutboxPublisher publisher, int maxRounds) {
        return builder(publisher, maxRounds).build();
    }

    @Test
    void confirmedEventsAreMarkedReceivedAndTheLoopStopsWhenNothingIsLeft() {
        UUID a = store("a");
        UUID b = store("b");
        StepVerifier.create(broadcaster(answering(Map.of()), 5).run())
                .expectNext(new BroadcastReport(2, 0, 0, 1, 0, 0))
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(published).containsExactly("a", "b");
        assertThat(store.unreceived().collectList().block(TIMEOUT)).isEmpty();
        assertThat(store.observed(List.of(a, b)).collectList().block(TIMEOUT)).isEmpty();
        // received for good: a later run publishes nothing
        StepVerifier.create(broadcaster(answering(Map.of()), 5).run())
                .expectNext(new BroadcastReport(0, 0, 0, 1, 0, 0)).expectComplete().verify(TIMEOUT);
        assertThat(published).containsExactly("a", "b");
    }

    @Test
    void failedAndRejectedPublishesAreRetriedAfterTheDelay() {
        store("a");
        store("b");
        store("c");
        OutboxPublisher publisher = answering(Map.of(
                "a", List.of(Mono.error(new IllegalStateException("connection lost")), Mono.just(true)),
                "b", List.of(Mono.just(false), Mono.just(true)),
                "c", List.of(Mono.never(), Mono.just(true))));
        StepVerifier.withVirtualTime(() -> broadcaster(publisher, 5).run())
                .expectSubscription()
                .thenAwait(ANSWER) // c's first attempt gets no answer
                .then(() -> assertThat(published).containsExactly("a", "b", "c"))
                .expectNoEvent(RETRY.minusMillis(1))
                .thenAwait(Duration.ofMillis(1))
                .expectNext(new BroadcastReport(3, 1, 2, 2, 0, 0))
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(published).containsExactly("a", "b", "c", "a", "b", "c");
        assertThat(store.unreceived().collectList().block(TIMEOUT)).isEmpty();
    }

    @Test
    void aLoopThatKeepsFailingGivesUpAfterMaxRoundsAndLeavesTheEventUnreceived() {
        UUID a = store("a");
        OutboxPublisher publisher = answering(Map.of("a", List.of(Mono.just(false))));
        StepVerifier.withVirtualTime(() -> broadcaster(publisher, 3).run())
                .expectSubscription()
                .thenAwait(RETRY.multipliedBy(2))
                .expectNext(new BroadcastReport(0, 3, 0, 3, 0, 1))
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(store.unreceived().map(OutboxEvent::id).collectList().block(TIMEOUT)).containsExactly(a);
    }

    @Test
    void anEventLeftBroadcastByAnInterruptedRunIsPublishedAgain() {
        UUID interrupted = store("interrupted");
        UUID confirmed = store("confirmed");
        store.markBroadcasted(List.of(interrupted, confirmed)).block(TIMEOUT);
        store.markReceived(confirmed).block(TIMEOUT);
        StepVerifier.create(broadcaster(answering(Map.of()), 5).run())
                .expectNext(new BroadcastReport(1, 0, 0, 1, 0, 0))
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(published).containsExactly("interrupted");
        assertThat(Set.copyOf(store.pending().map(OutboxEvent::id).collectList().block(TIMEOUT)))
                .containsExactlyInAnyOrder(interrupted, confirmed);
    }

    /** The state of the outbox when the eligibility check was asked: what was sent so far, and what is still new. */
    private record AtCheck(List<String> sentBefore, List<UUID> stillNew) {
    }

    @Test
    void eachRoundSendsAtMostBatchSizeEventsAndMarksExactlyThose() {
        List<UUID> ids = new ArrayList<>();
        for (String data : List.of("a", "b", "c", "d", "e")) {
            ids.add(store(data));
        }
        List<AtCheck> checks = new CopyOnWriteArrayList<>();
        BroadcastEligibility probe = () -> store.observed(ids).collectList()
                .doOnNext(fresh -> checks.add(new AtCheck(List.copyOf(published), fresh.stream()
                        .sorted(java.util.Comparator.comparingInt(ids::indexOf)).toList())))
                .thenReturn(true);
        StepVerifier.create(builder(answering(Map.of()), 5).batchSize(2).eligibility(probe).build().run())
                .expectNext(new BroadcastReport(5, 0, 0, 3, 0, 0))
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(checks).containsExactly(
                new AtCheck(List.of(), ids),
                new AtCheck(List.of("a", "b"), ids.subList(2, 5)),
                new AtCheck(List.of("a", "b", "c", "d"), ids.subList(4, 5)));
        assertThat(published).containsExactly("a", "b", "c", "d", "e");
    }

    @Test
    void whileTheCheckSaysNoNothingIsSentAndNothingIsMarked() {
        UUID a = store("a");
        UUID b = store("b");
        UUID interrupted = store("interrupted");
        store.markBroadcasted(List.of(interrupted)).block(TIMEOUT);
        AtomicInteger asked = new AtomicInteger();
        BroadcastEligibility twiceNo = () -> Mono.just(asked.incrementAndGet() > 2);
        List<UUID> all = List.of(a, b, interrupted);
        StepVerifier.withVirtualTime(() -> builder(answering(Map.of()), 5).eligibility(twiceNo).build().run())
                .expectSubscription()
                .then(() -> {
                    assertThat(asked.get()).isEqualTo(1);
                    assertThat(published).isEmpty();
                    assertThat(store.observed(all).collectList().block(TIMEOUT)).as("nothing marked")
                            .containsExactlyInAnyOrder(a, b);
                })
                .thenAwait(RETRY)
                .then(() -> {
                    assertThat(asked.get()).isEqualTo(2);
                    assertThat(published).isEmpty();
                    assertThat(store.observed(all).collectList().block(TIMEOUT)).containsExactlyInAnyOrder(a, b);
                })
                .expectNoEvent(RETRY.minusMillis(1))
                .thenAwait(Duration.ofMillis(1))
                .expectNext(new BroadcastReport(3, 0, 0, 3, 2, 0))
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(published).containsExactly("a", "b", "interrupted");
    }

    @Test
    void aCheckThatFailsCountsAsNoAndTheRunGivesUpAfterMaxRounds() {
        UUID a = store("a");
        BroadcastEligibility failing = () -> Mono.error(new IllegalStateException("balance service down"));
        StepVerifier.withVirtualTime(() -> builder(answering(Map.of()), 3).eligibility(failing).build().run())
                .expectSubscription()
                .thenAwait(RETRY.multipliedBy(2))
                .expectNext(new BroadcastReport(0, 0, 0, 3, 3, 1))
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(published).isEmpty();
        assertThat(store.observed(List.of(a)).collectList().block(TIMEOUT)).containsExactly(a);
    }
}
