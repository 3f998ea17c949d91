package io.reactivestore.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.store.StoreClosedException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

class WriteQueueTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void writesRunOneAtATimeInSubmissionOrder() {
        WriteQueue queue = new WriteQueue("test", 16);
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
    void aFullQueueRefusesTheNextWriteWithATransientError() {
        WriteQueue queue = new WriteQueue("test", 2);
        Sinks.Empty<Void> gate = Sinks.empty();
        Disposable running = queue.submit(gate.asMono()).subscribe();
        Disposable waiting = queue.submit(Mono.just(1)).subscribe();
        StepVerifier.create(queue.submit(Mono.just(2)))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(OutboxBusyException.class)
                        .matches(t -> ((OutboxBusyException) t).isTransient()))
                .verify(TIMEOUT);
        gate.tryEmitEmpty();
        StepVerifier.create(queue.submit(Mono.just(3))).expectNext(3).expectComplete().verify(TIMEOUT);
        running.dispose();
        waiting.dispose();
    }

    @Test
    void aWriteCancelledBeforeItsTurnIsSkippedButAStartedOneRunsToItsEnd() {
        WriteQueue queue = new WriteQueue("test", 8);
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
        WriteQueue queue = new WriteQueue("test", 8);
        StepVerifier.create(queue.submit(Mono.error(new IllegalStateException("boom"))))
                .expectErrorMessage("boom").verify(TIMEOUT);
        StepVerifier.create(queue.submit(Mono.just(1))).expectNext(1).expectComplete().verify(TIMEOUT);
    }

    @Test
    void manySynchronousWritesChainedOneAfterAnotherDoNotOverflowTheStack() {
        WriteQueue queue = new WriteQueue("test", 4);
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
            WriteQueue queue = new WriteQueue("test", 1000);
            Mono<List<Integer>> submissions = Flux.range(0, 200)
                    .flatMap(i -> queue.submit(Mono.just(i))
                            .onErrorResume(StoreClosedException.class, e -> Mono.just(-1))
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
        WriteQueue queue = new WriteQueue("test", 8);
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
        StepVerifier.create(queue.submit(Mono.just(1))).expectError(StoreClosedException.class).verify(TIMEOUT);
        held.dispose();
        queued.dispose();
    }
}
