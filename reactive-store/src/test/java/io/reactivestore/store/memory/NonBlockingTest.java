package io.reactivestore.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** Proves that BlockHound guards the test suite: blocking on a Reactor thread fails. */
class NonBlockingTest {

    @Test
    void blockingOnAParallelThreadIsDetected() {
        StepVerifier.create(Mono.fromCallable(() -> {
                    Thread.sleep(1);
                    return "slept";
                }).subscribeOn(Schedulers.parallel()))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(BlockingOperationError.class))
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void signingAndVerifyingOnAParallelThreadIsAllowed() {
        StepVerifier.create(Mono.fromCallable(() -> io.reactivestore.event.KeyPair.generate()
                        .sign(io.reactivestore.event.UnsignedEvent.of(1, "hi")).verify().kind())
                        .subscribeOn(Schedulers.parallel()))
                .expectNext(1)
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }
}
