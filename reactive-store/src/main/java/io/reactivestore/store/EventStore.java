package io.reactivestore.store;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A reactive store of Nostr events. Every backend (memory, H2, PostgreSQL) and every decorator
 * (layered, composite, sharded, replica) implements this one contract, which the contract test suite
 * {@code EventStoreContract} defines case by case.
 *
 * <p><b>Threading.</b> No method blocks the calling thread; all may be called concurrently from any
 * thread. Work happens on subscription: nothing is done until the returned publisher is subscribed,
 * and each subscription does the work again.
 *
 * <p><b>Errors.</b> Only through {@code onError}: {@link io.reactivestore.event.InvalidEventException} for
 * input a store refuses (over a size limit), {@link StoreFullException}, {@link StoreClosedException}
 * after {@link #close()}, {@link StoreUnavailableException} (transient) when the storage is unreachable,
 * {@link SearchNotSupportedException} for a {@code search} filter a store cannot answer.
 *
 * <p><b>Replaceable and addressable kinds.</b> {@link #save} keeps only the latest event per
 * {@linkplain Event#address() address}: the highest {@code created_at}, on a tie the lowest id.
 * Replacement is atomic: at no moment can a query see two versions of one address, and of concurrent
 * saves to one address exactly one survives. Events of ephemeral kinds are stored like regular ones if
 * saved; not storing them is the relay's decision.
 */
public interface EventStore {

    /**
     * Stores an event. The event is trusted: the caller has verified its id and signature.
     *
     * <p>Completes only when the event is durably stored by the backend's standard (committed, for a
     * database), so an acknowledged event survives a crash. Concurrent saves are safe; saves of the same
     * id are idempotent ({@link SaveResult#DUPLICATE}).
     *
     * @param event the event
     * @return one {@link SaveResult}; errors as in the class description, in which case nothing was stored
     */
    Mono<SaveResult> save(Event event);

    /**
     * Events matching any of {@code filters}, newest first ({@code created_at} descending, id ascending
     * on ties), each at most once even when several filters match it. Each filter's {@code limit}
     * caps the events that filter contributes (its newest ones); {@code limit: 0} contributes none.
     * An empty list of filters yields nothing.
     *
     * <p><b>Search</b> (NIP-50, stores that {@linkplain #supportsSearch() support it}): a search filter's
     * limit keeps its best-scored matches, and a query whose filters all search for the same terms returns
     * its events best first (score descending, then newest first) instead; the rule and the score are stated
     * once, in {@link io.reactivestore.event.SearchTerms} ("Rank"). Other queries are newest first. A search
     * filter without a limit has its matches ranked whole: a store may hold them all at once.
     *
     * <p>Backpressure is honoured: backends stream from their cursors as demand arrives. Cancelling stops
     * the work and releases its resources. A query sees a consistent view per event: no event appears
     * half-written, and no two versions of one replaceable address appear together.
     *
     * @param filters the filters; an event matches if it matches any of them
     * @return events matching any of {@code filters}, newest first ({@code created_at} descending, id ascending
     *     on ties; best first for a query ranked by its search), each at most once even when several filters
     *     match it
     */
    Flux<Event> query(List<Filter> filters);

    /**
     * {@link #query} in pages: the same events in the same order, at most {@code pageSize} in each signal, so
     * that a consumer that hands results on in bulk (the relay writing a REQ's stored events) pays for one
     * signal per page, not one per event. One unit of demand asks for one page; no page is empty. Errors,
     * cancellation and threading are those of {@link #query}. The default buffers {@link #query}; a backend
     * may build its pages directly.
     *
     * @param filters  the filters, as for {@link #query(List)}
     * @param pageSize the most events in one page, at least 1
     * @return the pages of the result, in order
     * @throws IllegalArgumentException if {@code pageSize} is below 1
     */
    default Flux<List<Event>> queryPages(List<Filter> filters, int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1, got " + pageSize);
        }
        return query(filters).buffer(pageSize);
    }

    /**
     * Whether {@link #query}, {@link #queryPages} and {@link #count} answer filters with a NIP-50
     * {@code search} (see {@link Filter#search()} and {@link io.reactivestore.event.SearchTerms} for the
     * matching rules every supporting store follows). A store that does not signals
     * {@link SearchNotSupportedException} for such filters, and never ignores the search. A decorator
     * supports search when the members that would answer it do. Constant for the life of the store.
     *
     * @return whether search filters are answered; {@code false} by default
     */
    default boolean supportsSearch() {
        return false;
    }

    /**
     * {@link #query} with one filter.
     *
     * @param filter the filter
     * @return the matching events, as {@link #query(List)} emits them
     */
    default Flux<Event> query(Filter filter) {
        return query(List.of(filter));
    }

    /**
     * How many events {@link #query} would return for {@code filters} (limits included), counted
     * without double counting events matched by several filters, and without fetching them where the
     * backend can count in place.
     *
     * @param filters the filters; an event matches if it matches any of them
     * @return how many events {@link #query} would return for {@code filters} (limits included), counted without double counting events matched by several filters, and without fetching them where the backend can count in place
     */
    Mono<Long> count(List<Filter> filters);

    /**
     * {@link #count(List)} with one filter.
     *
     * @param filter the filter
     * @return how many stored events match {@code filter}, its limit included
     */
    default Mono<Long> count(Filter filter) {
        return count(List.of(filter));
    }

    /**
     * Deletes an event as {@code deletion} says, leaving a tombstone if it asks for one.
     *
     * @param deletion the deletion
     * @return {@code true} if an event was removed, {@code false} if there was none to remove (or it had
     *     another author); a tombstone is recorded either way
     */
    Mono<Boolean> delete(Deletion deletion);

    /**
     * {@link #delete(Deletion)} of {@code eventId} by any author, with a tombstone.
     *
     * @param eventId the event's id (64 lowercase hex characters)
     * @return as {@link #delete(Deletion)}
     */
    default Mono<Boolean> delete(String eventId) {
        return delete(Deletion.of(eventId));
    }

    /**
     * Every stored event, streamed with backpressure and constant memory, in no guaranteed order.
     *
     * @return every stored event, streamed with backpressure and constant memory, in no guaranteed order
     */
    Flux<Event> export();

    /**
     * The data of some users, "by or about" them: every stored event whose author is one of
     * {@code pubkeys}, or that has a {@code p} tag whose value (the tag's second element) is one of them.
     * Each event once, newest first ({@code created_at} descending, id ascending on ties): exactly what
     * {@link #query(List)} returns for {@code [{"authors": pubkeys}, {"#p": pubkeys}]}, which is how the
     * default method answers. Every backend and decorator gives the same answer in the same order (the
     * contract case {@code exportOfPubkeysStreamsTheEventsByOrAboutThemNewestFirst}); decorators read
     * their authoritative members (a layered store reads L2). Other tags naming a key ({@code e}, later
     * elements of a {@code p} tag) do not count.
     *
     * <p>Streamed with backpressure like {@link #query(List)}; cancelling stops the work.
     *
     * @param pubkeys public keys as 64 lowercase hex characters; an empty set yields nothing
     * @return the matching events, newest first
     */
    default Flux<Event> export(Set<String> pubkeys) {
        return query(byOrAbout(pubkeys));
    }

    /**
     * The filters of {@link #export(Set)}: {@code [{"authors": pubkeys}, {"#p": pubkeys}]}.
     *
     * @param pubkeys the users' public keys
     * @return the two filters, which match nothing when {@code pubkeys} is empty
     */
    private static List<Filter> byOrAbout(Set<String> pubkeys) {
        Objects.requireNonNull(pubkeys, "pubkeys");
        return List.of(Filter.builder().authors(pubkeys).build(), Filter.builder().tag("p", pubkeys).build());
    }

    /**
     * Saves a stream of trusted events, requesting them as it goes (backpressure), with the rules of
     * {@link #save}.
     *
     * @param events the events
     * @return how many events were stored ({@link SaveResult#SAVED} or {@link SaveResult#REPLACED})
     */
    Mono<Long> importEvents(Flux<Event> events);

    /**
     * Removes every event and tombstone; completes when the store is empty.
     *
     * @return completes when done, or errors
     */
    Mono<Void> nuke();

    /**
     * Completes once everything acknowledged so far is flushed to durable storage.
     *
     * @return completes when done, or errors
     */
    Mono<Void> sync();

    /**
     * Releases the store's resources after in-flight operations finish; later operations fail with
     * {@link StoreClosedException}. Idempotent.
     *
     * @return completes when done, or errors
     */
    Mono<Void> close();
}
