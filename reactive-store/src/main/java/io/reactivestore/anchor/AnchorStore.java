package io.reactivestore.anchor;

import io.reactivestore.blob.BlobStore;
import io.reactivestore.blob.PutResult;
import io.reactivestore.blob.Ref;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * A {@link BlobStore} that also keeps anchors: constant names for changing blobs. Each name has a
 * history of {@link Anchor}s (ref and time). The histories live in an anchor map, itself a blob in this
 * store, whose current ref the store tracks (an {@link AnchorMapCell}); every change writes a new map
 * blob and moves the ref with optimistic locking.
 *
 * <p><b>Histories.</b> Kept in time order (equal times ordered by ref); never two adjacent entries with
 * the same ref, the earlier one kept. So putting the same ref again later is a no-op, and putting B at
 * 2 into [A at 1, B at 3] gives [A at 1, B at 2].
 *
 * <p><b>Concurrency.</b> {@link #put(String, Ref, Instant)}, {@link #expire} and {@link #putTyped}
 * retry a lost optimistic-locking race with {@link ConflictRetry#DEFAULT}; {@link #updateAnchorMap}
 * itself never retries. Threading and errors as in {@link BlobStore}. Implementations: see
 * {@link AnchorStores}; the replica module replicates anchor stores.
 */
public interface AnchorStore extends BlobStore {

    /** {@return the ref of the current anchor map, or {@link NoAnchorMapException} before the first write} */
    Mono<Ref> anchorMapRef();

    /**
     * Moves the anchor map with optimistic locking: calls {@code update} with the current map ref
     * (empty before the first write); {@code update} stores the new map as a blob in this store and
     * returns its ref; if the map is still at the ref {@code update} was given, the store moves it to the
     * returned ref, otherwise the result is {@link UpdateConflictException} and nothing moves. Returning
     * the ref it was given changes nothing. Each subscription runs the whole cycle again, so
     * {@code retryWhen(ConflictRetry...)} retries it properly.
     *
     * @param update stores the new map and returns its ref, given the current one
     * @return the map ref after the update; empty if there is still no map
     */
    Mono<Ref> updateAnchorMap(Function<Optional<Ref>, Mono<Ref>> update);

    /**
     * Puts {@code (ref, at)} into the history of {@code name}, by the rules in the class description.
     *
     * @param name the name
     * @param ref the blob's reference
     * @param at the point in time
     * @return completes when done, or errors
     */
    default Mono<Void> put(String name, Ref ref, Instant at) {
        Anchor anchor = new Anchor(name, ref, at);
        return AnchorMaps.modify(this, map -> map.with(anchor.name(), anchor.ref(), anchor.at()));
    }

    /**
     * The latest ref of {@code name} whose time is not later than {@code at}; {@link AnchorNotFoundException}
     * for an unknown name, before its first entry, and before any anchor map exists.
     *
     * @param name the name
     * @param at the point in time
     * @return the latest ref of {@code name} whose time is not later than {@code at}; {@link AnchorNotFoundException} for an unknown name, before its first entry, and before any anchor map exists
     */
    default Mono<Ref> get(String name, Instant at) {
        return AnchorMaps.current(this)
                .flatMap(map -> Mono.justOrEmpty(map.latest(name, at)))
                .switchIfEmpty(Mono.error(() -> new AnchorNotFoundException(name, at)));
    }

    /**
     * {@return every anchor of the current map: names ascending, oldest first within a name; empty before any map exists}
     */
    default Flux<Anchor> each() {
        return AnchorMaps.current(this).flatMapMany(map -> Flux.fromStream(map.anchors()));
    }

    /**
     * Drops entries strictly older than {@code oldest} from the front of each history while more than
     * {@code min} entries remain; an entry exactly at {@code oldest} stays. A history left empty
     * (only when {@code min} is 0) removes its name.
     *
     * @param min how many entries each history keeps at least
     * @param oldest entries before this time may go
     * @return completes when done, or errors
     */
    default Mono<Void> expire(Instant oldest, int min) {
        if (min < 0) {
            return Mono.error(new IllegalArgumentException("min: must not be negative"));
        }
        return AnchorMaps.modify(this, map -> map.expire(oldest, min));
    }

    /**
     * Stores {@code value} as a blob and records its ref under its type, so {@link #refsOfType} finds it.
     *
     * @param value the value
     * @return what storing the blob did
     */
    default Mono<PutResult> putTyped(TypedValue value) {
        return Mono.fromCallable(() -> AnchorMaps.encodeTyped(value))
                .flatMap(this::put)
                .flatMap(put -> AnchorMaps.modify(this, map -> map.withType(value.type(), put.ref())).thenReturn(put));
    }

    /**
     * {@link #putTyped(TypedValue)} of {@code value} with {@code type}.
     *
     * @param type the type name
     * @param value the value
     * @return what storing the blob did
     */
    default Mono<PutResult> putTyped(String type, JsonNode value) {
        return Mono.defer(() -> putTyped(new TypedValue(type, value)));
    }

    /**
     * The refs of every blob stored with {@link #putTyped} under {@code type}, ascending.
     *
     * @param type the type name
     * @return the refs of every blob stored with {@link #putTyped} under {@code type}, ascending
     */
    default Flux<Ref> refsOfType(String type) {
        return AnchorMaps.current(this).flatMapIterable(map -> map.refsOfType(type));
    }

    /**
     * The typed value stored in blob {@code ref}; {@link InvalidAnchorMapException} if it is not one.
     *
     * @param ref the blob's reference
     * @return the typed value stored in blob {@code ref}; {@link InvalidAnchorMapException} if it is not one
     */
    default Mono<TypedValue> getTyped(Ref ref) {
        return get(ref).map(blob -> AnchorMaps.decodeTyped(blob));
    }
}
