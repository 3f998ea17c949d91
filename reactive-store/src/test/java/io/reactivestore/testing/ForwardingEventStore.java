package io.reactivestore.testing;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.store.Deletion;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.SaveResult;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An {@link EventStore} that hands every operation to a real store; tests extend it to observe or
 * hold back the few operations they care about (recording queries, gating acknowledgements) while
 * everything else reaches the real store unchanged.
 */
public abstract class ForwardingEventStore implements EventStore {

    private final EventStore delegate;

    protected ForwardingEventStore(EventStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The real store every operation reaches. */
    public final EventStore delegate() {
        return delegate;
    }

    @Override
    public Mono<SaveResult> save(Event event) {
        return delegate.save(event);
    }

    @Override
    public Flux<Event> query(List<Filter> filters) {
        return delegate.query(filters);
    }

    @Override
    public boolean supportsSearch() {
        return delegate.supportsSearch();
    }

    @Override
    public Mono<Long> count(List<Filter> filters) {
        return delegate.count(filters);
    }

    @Override
    public Mono<Boolean> delete(Deletion deletion) {
        return delegate.delete(deletion);
    }

    @Override
    public Flux<Event> export() {
        return delegate.export();
    }

    @Override
    public Flux<Event> export(Set<String> authors) {
        return delegate.export(authors);
    }

    @Override
    public Mono<Long> importEvents(Flux<Event> events) {
        return delegate.importEvents(events);
    }

    @Override
    public Mono<Void> nuke() {
        return delegate.nuke();
    }

    @Override
    public Mono<Void> sync() {
        return delegate.sync();
    }

    @Override
    public Mono<Void> close() {
        return delegate.close();
    }
}
