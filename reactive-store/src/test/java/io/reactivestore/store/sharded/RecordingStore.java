package io.reactivestore.store.sharded;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.store.Deletion;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.SaveResult;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A real store (for tests of decorators) that records the filters of the queries it is asked, to check query routing. */
public record RecordingStore(EventStore delegate, List<List<Filter>> queries) implements EventStore {

    public RecordingStore(EventStore delegate) {
        this(delegate, new CopyOnWriteArrayList<>());
    }

    @Override
    public Mono<SaveResult> save(Event event) {
        return delegate.save(event);
    }

    @Override
    public Flux<Event> query(List<Filter> filters) {
        queries.add(filters);
        return delegate.query(filters);
    }

    @Override
    public Mono<Long> count(List<Filter> filters) {
        queries.add(filters);
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
