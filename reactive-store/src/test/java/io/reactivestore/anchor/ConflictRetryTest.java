package io.reactivestore.anchor;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.blob.Ref;
import io.reactivestore.blob.memory.MemoryBlobStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class ConflictRetryTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Ref A = Ref.of("A".getBytes(StandardCharsets.UTF_8));

    /** A memory cell whose first {@code losses} compare-and-sets report a lost race. */
    private static final class LosingCell implements AnchorMapCell {
        private final AnchorMapCell real = AnchorStores.memoryCell();
        private final AtomicInteger losses;
        final AtomicInteger attempts = new AtomicInteger();

        LosingCell(int losses) {
            this.losses = new AtomicInteger(losses);
        }

        @Override
        public Mono<Ref> current() {
            return real.current();
        }

        @Override
        public Mono<Boolean> compareAndSet(Ref expected, Ref next) {
            return Mono.defer(() -> {
                attempts.incrementAndGet();
                return losses.getAndDecrement() > 0 ? Mono.just(false) : real.compareAndSet(expected, next);
            });
        }
    }

    private static Mono<Ref> writeA(AnchorStore store) {
        return store.updateAnchorMap(current -> store.put("A".getBytes(StandardCharsets.UTF_8)).map(p -> p.ref()));
    }

    @Test
    void conflictsAreRetriedAfterExponentialBackoff() {
        LosingCell cell = new LosingCell(2);
        AnchorStore store = AnchorStores.of(new MemoryBlobStore(), cell);
        StepVerifier.withVirtualTime(() -> writeA(store).retryWhen(ConflictRetry.backoff(3, Duration.ofSeconds(1)).jitter(0)))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(2999))
                .thenAwait(Duration.ofMillis(1))
                .expectNext(A)
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(cell.attempts).hasValue(3);
    }

    @Test
    void whenRetriesRunOutTheConflictItselfIsSignalled() {
        LosingCell cell = new LosingCell(10);
        AnchorStore store = AnchorStores.of(new MemoryBlobStore(), cell);
        StepVerifier.withVirtualTime(() -> writeA(store).retryWhen(ConflictRetry.backoff(3, Duration.ofSeconds(1)).jitter(0)))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(6999))
                .thenAwait(Duration.ofMillis(1))
                .expectError(UpdateConflictException.class)
                .verify(TIMEOUT);
        assertThat(cell.attempts).hasValue(4);
    }

    @Test
    void otherErrorsAreNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        AnchorStore store = AnchorStores.inMemory();
        StepVerifier.withVirtualTime(() -> store.updateAnchorMap(current -> {
                    calls.incrementAndGet();
                    return Mono.error(new IllegalStateException("boom"));
                }).retryWhen(ConflictRetry.DEFAULT))
                .expectSubscription()
                .expectError(IllegalStateException.class)
                .verify(TIMEOUT);
        assertThat(calls).hasValue(1);
    }

    @Test
    void anchorPutsRetryConflictsByThemselves() {
        LosingCell cell = new LosingCell(3);
        AnchorStore store = AnchorStores.of(new MemoryBlobStore(), cell);
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        StepVerifier.withVirtualTime(() -> store.put("x", A, at))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(1))
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(cell.attempts).hasValue(4);
        assertThat(store.get("x", at).block(TIMEOUT)).isEqualTo(A);
    }
}
