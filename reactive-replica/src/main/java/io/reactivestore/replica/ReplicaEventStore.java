package io.reactivestore.replica;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.store.Deletion;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.SaveResult;
import io.reactivestore.store.SearchNotSupportedException;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An {@link EventStore} replicated over synchronous and asynchronous member stores, with the rules of
 * {@link ReplicaBlobStore}:
 *
 * <ul>
 *   <li>Writes ({@link #save}, {@link #delete(Deletion)}, {@link #nuke()}) go to every synchronous member
 *       at once and must all succeed; the result is the first synchronous member's ({@code delete}:
 *       {@code true} if any removed the event). Then the write is queued for every asynchronous member
 *       with one write in flight plus up to {@code queueLength} waiting per member; when they are all
 *       taken the write waits (no thread blocked) until a place frees or its subscriber cancels.</li>
 *   <li>An asynchronous write failure, a failed synchronous write while asynchronous members exist, or
 *       {@link #dispose()} puts the replica in its error state: every later operation fails with one
 *       {@link ReplicaFailedException} naming the writes still queued as {@link ReplicaFailedException#lost()}.</li>
 *   <li>Reads ({@link #query}, {@link #count}, {@link #export()}) ask every synchronous member at once; the
 *       first to answer (an event, a count, or completion) wins and the others are cancelled; a member
 *       failing before it answers drops out; if all fail, one of their errors.</li>
 * </ul>
 *
 * <p>{@link #close()} is graceful: it refuses new operations with
 * {@link io.reactivestore.store.StoreClosedException}, waits for the queued writes, then closes every
 * member. {@link #sync()} syncs the synchronous members.
 */
public final class ReplicaEventStore extends ReplicatedStore<EventStore> implements EventStore {

    private final List<EventStore> members;

    /**
     * Arguments as for {@link ReplicaBlobStore#ReplicaBlobStore}.
     *
     * @param syncStores the members written synchronously
     * @param asyncStores the members written asynchronously through bounded queues
     * @param queueLength the capacity of each asynchronous queue
     */
    public ReplicaEventStore(List<? extends EventStore> syncStores, List<? extends EventStore> asyncStores,
            int queueLength) {
        super("event replica", syncStores, asyncStores, queueLength);
        this.members = Stream.concat(syncStores.stream(), asyncStores.stream())
                .map(EventStore.class::cast)
                .toList();
    }

    @Override
    public Mono<SaveResult> save(Event event) {
        Objects.requireNonNull(event, "event");
        return replication.write(s -> s.save(event), results -> results.get(0),
                saved -> new AsyncWrite<>("save", event.id(), s -> s.save(event)));
    }

    @Override
    public Flux<Event> query(List<Filter> filters) {
        return Flux.defer(() -> {
            List<Filter> copy = searchable(filters);
            return replication.race(s -> s.query(copy));
        });
    }

    /**
     * {@inheritDoc}
     *
     * @return whether every synchronous member supports search (any of them may answer a query)
     */
    @Override
    public boolean supportsSearch() {
        return replication.sync().stream().allMatch(EventStore::supportsSearch);
    }

    /** {@code filters} copied, or a {@link SearchNotSupportedException} if they search and not every member can. */
    private List<Filter> searchable(List<Filter> filters) {
        if (!supportsSearch()) {
            SearchNotSupportedException.refuseSearch(filters, "event replica");
        }
        return List.copyOf(filters);
    }

    @Override
    public Mono<Long> count(List<Filter> filters) {
        return Mono.defer(() -> {
            List<Filter> copy = searchable(filters);
            return replication.race(s -> s.count(copy)).next();
        });
    }

    @Override
    public Mono<Boolean> delete(Deletion deletion) {
        Objects.requireNonNull(deletion, "deletion");
        return replication.write(s -> s.delete(deletion), results -> results.contains(Boolean.TRUE),
                removed -> new AsyncWrite<>("delete", deletion.eventId(), s -> s.delete(deletion)));
    }

    @Override
    public Flux<Event> export() {
        return replication.race(EventStore::export);
    }

    @Override
    public Flux<Event> export(Set<String> pubkeys) {
        Set<String> copy = Set.copyOf(pubkeys);
        return replication.race(s -> s.export(copy));
    }

    @Override
    public Mono<Long> importEvents(Flux<Event> events) {
        return replication.guard(events.concatMap(this::save)
                .filter(r -> r == SaveResult.SAVED || r == SaveResult.REPLACED)
                .count());
    }

    @Override
    public Mono<Void> nuke() {
        return replication.write(s -> s.nuke().thenReturn(Boolean.TRUE), results -> Boolean.TRUE,
                        done -> new AsyncWrite<>("nuke", "", EventStore::nuke))
                .then();
    }

    @Override
    public Mono<Void> sync() {
        return replication.guard(Flux.fromIterable(replication.sync()).flatMap(EventStore::sync).then());
    }

    /** Graceful stop as {@link ReplicatedStore#close()}; then closes every member. */
    @Override
    public Mono<Void> close() {
        return replication.close().then(Flux.fromIterable(members).concatMap(EventStore::close).then());
    }
}
