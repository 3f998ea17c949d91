/**
 * reactive-store: reactive streaming storage for Nostr events, blobs and outboxes.
 *
 * <p>Every operation returns a {@link reactor.core.publisher.Flux} or {@link reactor.core.publisher.Mono};
 * nothing blocks the calling thread. Errors arrive through {@code onError} as subclasses of
 * {@link io.reactivestore.ReactiveStoreException}. References are non-null unless documented otherwise.
 */
@NullMarked
package io.reactivestore;

import org.jspecify.annotations.NullMarked;
