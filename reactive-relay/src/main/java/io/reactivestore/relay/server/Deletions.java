package io.reactivestore.relay.server;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KindClass;
import io.reactivestore.event.LowerHex;
import io.reactivestore.store.Deletion;
import io.reactivestore.store.EventStore;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * NIP-09: applies a kind-5 deletion request of its author's own events.
 *
 * <ul>
 *   <li>{@code e} tags: each id is deleted only if the requester wrote it, with a tombstone keyed by
 *       (id, author), so the event cannot come back, while a stranger's request never blocks the real
 *       author. A referenced deletion request (kind 5) is left alone: deleting a deletion has no effect.
 *   <li>{@code a} tags {@code kind:pubkey:d} of the requester's own addresses: every stored version with
 *       {@code created_at} up to the request's is deleted, and {@link #isAddressDeleted} refuses such a
 *       version arriving later.
 * </ul>
 * The relay stores a request before applying it, and looks a version of an address up again after
 * storing it (see {@code RelayCore}), so a request and a version raced on two nodes end deleted.
 */
final class Deletions {

    static final int KIND = 5;

    private final EventStore store;

    Deletions(EventStore store) {
        this.store = store;
    }

    /** Deletes what {@code request} asks for; completes when every deletion is done. */
    Mono<Void> apply(Event request) {
        String author = request.pubkey();
        Set<String> ids = new LinkedHashSet<>();
        Flux<Event> addressed = Flux.empty();
        for (List<String> tag : request.tags()) {
            if (tag.size() < 2) {
                continue;
            }
            if (tag.get(0).equals("e") && LowerHex.is(tag.get(1), Event.HEX_ID_LENGTH)) {
                ids.add(tag.get(1));
            } else if (tag.get(0).equals("a")) {
                Filter filter = addressFilter(tag.get(1), author, request.createdAt());
                if (filter != null) {
                    addressed = addressed.concatWith(store.query(filter));
                }
            }
        }
        Mono<Void> byId = ids.isEmpty() ? Mono.empty() : deleteIds(ids, author);
        Mono<Void> byAddress = addressed
                .concatMap(event -> store.delete(Deletion.byAuthor(event.id(), author)))
                .then();
        return byId.then(byAddress);
    }

    private Mono<Void> deleteIds(Set<String> ids, String author) {
        return store.query(Filter.builder().ids(ids).authors(author).kinds(KIND).build())
                .map(Event::id)
                .collectList()
                .flatMapMany(deletionRequests -> Flux.fromIterable(ids).filter(id -> !deletionRequests.contains(id)))
                .concatMap(id -> store.delete(Deletion.byAuthor(id, author)))
                .then();
    }

    /**
     * Whether a stored deletion request of the event's author names the event's address with a
     * {@code created_at} at or after the event's; always {@code false} for kinds without an address.
     */
    Mono<Boolean> isAddressDeleted(Event event) {
        String address = event.address();
        if (address == null) {
            return Mono.just(false);
        }
        Filter requests = Filter.builder().kinds(KIND).authors(event.pubkey()).tag("a", address)
                .since(event.createdAt()).limit(1).build();
        return store.count(List.of(requests)).map(n -> n > 0);
    }

    /** The versions an {@code a} tag of {@code author} names, up to {@code until}; {@code null} if it is not theirs or malformed. */
    static @Nullable Filter addressFilter(String address, String author, long until) {
        int first = address.indexOf(':');
        int second = first < 0 ? -1 : address.indexOf(':', first + 1);
        if (second < 0) {
            return null;
        }
        int kind;
        try {
            kind = Integer.parseInt(address.substring(0, first));
        } catch (NumberFormatException e) {
            return null;
        }
        String pubkey = address.substring(first + 1, second);
        if (!pubkey.equals(author) || kind < KindClass.MIN_KIND || kind > KindClass.MAX_KIND) {
            return null;
        }
        KindClass kindClass = KindClass.of(kind);
        if (!kindClass.isReplacing()) {
            return null;
        }
        Filter.Builder filter = Filter.builder().kinds(kind).authors(author).until(until);
        if (kindClass == KindClass.ADDRESSABLE) {
            filter.tag("d", address.substring(second + 1));
        }
        return filter.build();
    }
}
