package io.reactivestore.relay;

import io.reactivestore.event.Event;
import io.reactivestore.store.Deletion;
import io.reactivestore.store.EventStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * NIP-40: an event whose {@code expiration} tag lies in the past is refused on arrival, never sent to a
 * client, and purged from the store in the background by a periodic streaming scan of the store
 * ({@link EventStore#export()}, constant memory; deletions one at a time).
 */
final class Expiration {

    private static final Logger LOG = LoggerFactory.getLogger(Expiration.class);

    private final Clock clock;

    Expiration(Clock clock) {
        this.clock = clock;
    }

    /** The {@code expiration} timestamp of {@code event}, or {@link Long#MAX_VALUE} when it has none or it is unreadable. */
    static long expiresAt(Event event) {
        for (List<String> tag : event.tags()) {
            if (tag.size() > 1 && tag.get(0).equals("expiration")) {
                try {
                    return Long.parseLong(tag.get(1));
                } catch (NumberFormatException e) {
                    return Long.MAX_VALUE;
                }
            }
        }
        return Long.MAX_VALUE;
    }

    /** Whether {@code event} has expired by now. */
    boolean isExpired(Event event) {
        long at = expiresAt(event);
        return at != Long.MAX_VALUE && at <= clock.millis() / 1000;
    }

    /**
     * Starts purging every {@code interval}; {@link Duration#ZERO} purges never. One purge runs at a
     * time; a failed purge is logged and the next one runs on schedule.
     */
    Disposable startPurging(EventStore store, Duration interval) {
        if (interval.isZero()) {
            return Disposables.disposed();
        }
        return Flux.interval(interval, interval)
                .onBackpressureDrop()
                .concatMap(tick -> purge(store)
                        .doOnNext(n -> {
                            if (n > 0) {
                                LOG.info("purged {} expired events", n);
                            }
                        })
                        .onErrorResume(e -> {
                            LOG.warn("expiration purge failed: {}", e.toString());
                            return Mono.empty();
                        }), 1)
                .subscribe();
    }

    /** Deletes every expired event once; emits how many were removed. */
    Mono<Long> purge(EventStore store) {
        return store.export()
                .filter(this::isExpired)
                .concatMap(event -> store.delete(Deletion.byAuthor(event.id(), event.pubkey()).withoutTombstone()))
                .filter(Boolean::booleanValue)
                .count();
    }
}
