package io.reactivestore.outbox;

import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * The application's record of resolutions it has already acted on (for example votes already included in a
 * block). {@link OutboxStore#store(byte[], String)} asks it before storing a new event and silently ignores an
 * event it reports as processed.
 *
 * <p>It is asked only for events not stored yet, on the thread that completes the store's own read, and must
 * not block: return a {@link Mono} of the answer. An empty answer means "not processed"; an error fails that
 * {@code store} call and nothing is stored.
 */
@FunctionalInterface
public interface ProcessedCheck {

    /**
     * Whether the event with this id was already processed.
     *
     * @param id the outbox event's id
     * @return whether the event with this id was already processed
     */
    Mono<Boolean> isProcessed(UUID id);

    /** {@return a check under which nothing was ever processed} */
    static ProcessedCheck none() {
        return id -> Mono.just(false);
    }
}
