package io.reactivestore.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** The bounded serial queue: order, one turn at a time, its bound, cancellation, closing, and no lost wake-up. */
class SerialQueueTest {

    static final class Busy extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Busy(int capacity) {
            super("full at " + capacity);
        }
    }

    static final class Closed extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private static SerialQueue queue(int capacity) {
        return new SerialQueue(capacity, Busy::new, Closed::new);
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void writesRunOneAtATimeInSubmissionOrder() {
        SerialQueue queue = queue(16);
        Sinks.Empty<Void> gate = Sinks.empty();
        List<String> log = new CopyOnWriteArrayList<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        Mono<Void> first = queue.submit(gate.asMono().doOnSubscribe(s -> log.add("first")));
        Flux<String> rest = Flux.range(0, 5).flatMapSequential(i -> queue.submit(Mono.fromSupplier(() -> {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            log.add("write " + i);
            running.decrementAndGet();
            return "done " + i;
        })));
        StepVerifier.create(Flux.merge(first.then(Mono.<String>empty()), rest))
                .then(() -> assertThat(log).containsExactly("first"))
                .then(gate::tryEmitEmpty)
                .expectNext("done 0", "done 1", "done 2", "done 3", "done 4")
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(log).containsExactly("first", "write 0", "write 1", "write 2", "write 3", "write 4");
        assertThat(maxRunning).hasValue(1);
    }

    @Test
    void aFullQueueRefusesTheNextWriteWithTheGivenErrorAndAdmitsAgainOnceATurnEnds() {
        SerialQueue queue = queue(2);
        Sinks.Empty<Void> gate = Sinks.empty();
        Disposable running = queue.submit(gate.asMono()).subscribe();
        Disposable waiting = queue.submit(Mono.just(1)).subscribe();
        StepVerifier.create(queue.submit(Mono.just(2)))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(Busy.class).hasMessage("full at 2"))
                .verify(TIMEOUT);
        gate.tryEmitEmpty();
        StepVerifier.create(queue.submit(Mono.just(3))).expectNext(3).expectComplete().verify(TIMEOUT);
        running.dispose();
        waiting.dispose();
    }

    @Test
    void aWriteCancelledBeforeItsTurnIsSkippedButAStartedOneRunsToItsEnd() {
        SerialQueue queue = queue(8);
        Sinks.Empty<Void> gate = Sinks.empty();
        AtomicInteger startedWork = new AtomicInteger();
        AtomicInteger finishedWork = new AtomicInteger();
        Disposable started = queue.submit(gate.asMono().doOnSubscribe(s -> startedWork.incrementAndGet())
                .doOnSuccess(v -> finishedWork.incrementAndGet())).subscribe();
        Disposable skipped = queue.submit(Mono.fromRunnable(startedWork::incrementAndGet)).subscribe();
        started.dispose();
        skipped.dispose();
        gate.tryEmitEmpty();
        StepVerifier.create(queue.submit(Mono.just("after"))).expectNext("after").expectComplete().verify(TIMEOUT);
        assertThat(startedWork).hasValue(1);
        assertThat(finishedWork).hasValue(1);
    }

    @Test
    void anErrorReachesItsSubscriberAndTheQueueGoesOn() {
        SerialQueue queue = queue(8);
        StepVerifier.create(queue.submit(Mono.error(new IllegalStateException("boom"))))
                .expectErrorMessage("boom").verify(TIMEOUT);
        StepVerifier.create(queue.submit(Mono.just(1))).expectNext(1).expectComplete().verify(TIMEOUT);
    }

    @Test
    void manySynchronousWritesChainedOneAfterAnotherDoNotOverflowTheStack() {
        SerialQueue queue = queue(4);
        AtomicInteger counter = new AtomicInteger();
        // repeat resubscribes on completion, so each write is submitted from inside the previous one's delivery
        Mono<Integer> chain = Mono.defer(() -> queue.submit(Mono.fromSupplier(counter::incrementAndGet)))
                .repeat(19_999)
                .last();
        StepVerifier.create(chain).expectNext(20_000).expectComplete().verify(Duration.ofSeconds(60));
    }

    @Test
    void closeRacingConcurrentSubmittersEndsEverySubmissionAndCompletes() {
        for (int round = 0; round < 50; round++) {
            SerialQueue queue = queue(1000);
            Mono<List<Integer>> submissions = Flux.range(0, 200)
                    .flatMap(i -> queue.submit(Mono.just(i))
                            .onErrorResume(Closed.class, e -> Mono.just(-1))
                            .subscribeOn(reactor.core.scheduler.Schedulers.parallel()), 200)
                    .collectList();
            Mono<Void> close = queue.close().subscribeOn(reactor.core.scheduler.Schedulers.parallel());
            StepVerifier.create(Mono.zip(submissions, close.thenReturn(true)))
                    .assertNext(results -> assertThat(results.getT1()).hasSize(200))
                    .expectComplete()
                    .verify(TIMEOUT);
        }
    }

    @Test
    void closeRunsQueuedWritesThenRefusesNewOnes() {
        SerialQueue queue = queue(8);
        Sinks.Empty<Void> gate = Sinks.empty();
        AtomicInteger ran = new AtomicInteger();
        Disposable held = queue.submit(gate.asMono()).subscribe();
        Disposable queued = queue.submit(Mono.fromRunnable(ran::incrementAndGet)).subscribe();
        StepVerifier.create(queue.close())
                .then(() -> assertThat(ran).hasValue(0))
                .then(gate::tryEmitEmpty)
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(ran).hasValue(1);
        StepVerifier.create(queue.submit(Mono.just(1))).expectError(Closed.class).verify(TIMEOUT);
        held.dispose();
        queued.dispose();
    }

    @Test
    void synchronousTasksRunOnTheSubmittingThreadInOrderAndAnErrorReachesOnlyItsSubscriber() {
        SerialQueue queue = queue(4);
        StepVerifier.create(queue.submit(() -> Thread.currentThread().getName()))
                .expectNext(Thread.currentThread().getName()).expectComplete().verify(TIMEOUT);
        StepVerifier.create(queue.submit(() -> {
            throw new IllegalArgumentException("bad");
        })).expectErrorMessage("bad").verify(TIMEOUT);
        StepVerifier.create(queue.submit(() -> null)).expectComplete().verify(TIMEOUT);
        assertThat(queue.admitted()).isZero();
    }

    @Test
    void theBoundHoldsUnderConcurrentSubmittersAndEveryAdmittedTurnRunsExactlyOnce() {
        int capacity = 8;
        SerialQueue queue = queue(capacity);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        AtomicInteger maxAdmitted = new AtomicInteger();
        AtomicInteger ran = new AtomicInteger();
        Mono<Long> all = Flux.range(0, 4000)
                .flatMap(i -> queue.submit(Mono.fromCallable(() -> {
                            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                            maxAdmitted.accumulateAndGet(queue.admitted(), Math::max);
                            ran.incrementAndGet();
                            running.decrementAndGet();
                            return 1;
                        }).subscribeOn(Schedulers.parallel()))
                        .onErrorResume(Busy.class, e -> Mono.just(0))
                        .subscribeOn(Schedulers.parallel()), 64)
                .filter(r -> r == 1)
                .count();
        StepVerifier.create(all).assertNext(admitted -> assertThat(admitted).isEqualTo(ran.get()))
                .expectComplete().verify(Duration.ofSeconds(60));
        assertThat(maxRunning).hasValue(1);
        assertThat(maxAdmitted.get()).isBetween(1, capacity);
        assertThat(queue.admitted()).isZero();
    }

    @Test
    void noWakeUpIsLostWhenTurnsEndOnOtherThreadsWhileOthersSubmit() {
        for (int round = 0; round < 20; round++) {
            SerialQueue queue = queue(1000);
            List<Integer> order = new CopyOnWriteArrayList<>();
            // each turn ends on another thread, racing the submissions of the next ones
            Mono<List<Integer>> results = Flux.range(0, 300)
                    .concatMap(i -> Mono.just(queue.submit(Mono.fromCallable(() -> {
                        order.add(i);
                        return i;
                    }).publishOn(Schedulers.parallel()))))
                    .flatMapSequential(m -> m, 300)
                    .collectList();
            StepVerifier.create(results)
                    .assertNext(r -> assertThat(r).hasSize(300))
                    .expectComplete().verify(TIMEOUT);
            assertThat(order).isSorted().hasSize(300);
            assertThat(queue.admitted()).isZero();
        }
    }

    @Test
    void aCapacityOutOfRangeIsRefused() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> queue(0));
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> queue(1 << 30));
    }
}
