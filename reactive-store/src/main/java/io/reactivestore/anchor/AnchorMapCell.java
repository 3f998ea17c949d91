package io.reactivestore.anchor;

import io.reactivestore.blob.Ref;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Where an {@link AnchorStore} keeps the ref of its current anchor map: one value with an atomic
 * compare-and-set, the basis of {@link AnchorStore#updateAnchorMap}'s optimistic locking. Each
 * storage backend provides one (see {@link AnchorStores}).
 */
public interface AnchorMapCell {

    /** {@return the current anchor map ref; empty while no map was ever written} */
    Mono<Ref> current();

    /**
     * Sets the ref to {@code next} if it is still {@code expected} ({@code null}: still absent), atomically.
     *
     * @param expected the expected value
     * @param next the next value
     * @return whether it was set
     */
    Mono<Boolean> compareAndSet(@Nullable Ref expected, Ref next);
}
