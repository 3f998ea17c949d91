package io.reactivestore.relay.server;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.store.SaveResult;
import io.reactivestore.store.memory.MemoryEventStore;
import io.reactivestore.testing.ForwardingEventStore;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A real in-memory store whose queries and save acknowledgements can be held at a gate, to place
 * events exactly inside the window of a REQ's stored query. Not a mock: every operation reaches the
 * memory store.
 */
final class GatedStore extends ForwardingEventStore {

    private final AtomicReference<Sinks.Empty<Void>> queryGate = new AtomicReference<>();
    private final AtomicReference<Sinks.Empty<Void>> saveGate = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<Void>> queryStarted = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<Void>> saveStored = new AtomicReference<>();
    private final AtomicReference<RuntimeException> saveFailure = new AtomicReference<>();

    GatedStore() {
        super(MemoryEventStore.create());
    }

    /** The next saves fail with {@code error} (nothing is stored) until called with {@code null}. */
    void failSaves(RuntimeException error) {
        saveFailure.set(error);
    }

    /** The next queries wait until {@link #openQueries()}; the returned future completes when one arrives. */
    CompletableFuture<Void> holdQueries() {
        queryGate.set(Sinks.empty());
        CompletableFuture<Void> started = new CompletableFuture<>();
        queryStarted.set(started);
        return started;
    }

    void openQueries() {
        Sinks.Empty<Void> gate = queryGate.getAndSet(null);
        if (gate != null) {
            gate.tryEmitEmpty();
        }
    }

    /** The next saves store at once but acknowledge only at {@link #openSaves()}; the future completes when one stored. */
    CompletableFuture<Void> holdSaveAcknowledgements() {
        saveGate.set(Sinks.empty());
        CompletableFuture<Void> stored = new CompletableFuture<>();
        saveStored.set(stored);
        return stored;
    }

    void openSaves() {
        Sinks.Empty<Void> gate = saveGate.getAndSet(null);
        if (gate != null) {
            gate.tryEmitEmpty();
        }
    }

    @Override
    public Mono<SaveResult> save(Event event) {
        RuntimeException failure = saveFailure.get();
        if (failure != null) {
            return Mono.error(failure);
        }
        Sinks.Empty<Void> gate = saveGate.get();
        if (gate == null) {
            return delegate().save(event);
        }
        return delegate().save(event)
                .doOnNext(result -> saveStored.get().complete(null))
                .delayUntil(result -> gate.asMono());
    }

    @Override
    public Flux<Event> query(List<Filter> filters) {
        Sinks.Empty<Void> gate = queryGate.get();
        if (gate == null) {
            return delegate().query(filters);
        }
        return Mono.fromRunnable(() -> queryStarted.get().complete(null))
                .then(gate.asMono())
                .thenMany(Flux.defer(() -> delegate().query(filters)));
    }
}
