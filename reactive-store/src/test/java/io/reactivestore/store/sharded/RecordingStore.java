package io.reactivestore.store.sharded;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.store.EventStore;
import io.reactivestore.testing.ForwardingEventStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A real store (for tests of decorators) that records the filters of the queries it is asked, to check query routing. */
public final class RecordingStore extends ForwardingEventStore {

    private final List<List<Filter>> queries = new CopyOnWriteArrayList<>();

    public RecordingStore(EventStore delegate) {
        super(delegate);
    }

    /** The filters of every query and count asked so far, in order. */
    public List<List<Filter>> queries() {
        return queries;
    }

    @Override
    public Flux<Event> query(List<Filter> filters) {
        queries.add(filters);
        return super.query(filters);
    }

    @Override
    public Mono<Long> count(List<Filter> filters) {
        queries.add(filters);
        return super.count(filters);
    }
}
