package io.reactivestore.relay.blossom;

import io.reactivestore.blob.Ref;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Runs work on one blob one at a time (in this process), without blocking a thread: each piece of work
 * waits for the previous one on the same ref to terminate. Used so that a last owner's delete and a new
 * owner's upload of the same blob cannot interleave. Holds one entry per ref with work in progress.
 */
final class RefLocks {

    private final ConcurrentHashMap<Ref, Mono<Void>> tails = new ConcurrentHashMap<>();

    <T> Mono<T> with(Ref ref, Mono<T> work) {
        return Mono.defer(() -> {
            Sinks.Empty<Void> done = Sinks.empty();
            AtomicReference<Mono<Void>> previous = new AtomicReference<>();
            Mono<Void> tail = tails.compute(ref, (k, old) -> {
                Mono<Void> before = old == null ? Mono.<Void>empty() : old;
                previous.set(before);
                // the next one waits for the one before me too, should I be cancelled while waiting
                return before.then(done.asMono()).cache();
            });
            return Objects.requireNonNull(previous.get(), "set by compute")
                    .then(work)
                    .doFinally(signal -> {
                        done.tryEmitEmpty();
                        tails.remove(ref, tail);
                    });
        });
    }
}
