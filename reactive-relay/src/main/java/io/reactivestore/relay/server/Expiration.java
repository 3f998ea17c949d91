package io.reactivestore.relay.server;

import io.reactivestore.event.Event;
import io.reactivestore.store.Deletion;
import io.reactivestore.store.EventStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * NIP-40: an event whose {@code expiration} tag lies in the past is refused on arrival, never sent to a
 * client, and purged from the store in the background.
 *
 * <p><b>Purging.</b> The relay remembers the expiring events it stores (at most {@code maxTracked};
 * only events that carry an {@code expiration} tag, in time order), so a purge deletes exactly the
 * events that are due, without reading the store. The first purge, and the first one after the
 * remembered set overflowed, scans the whole store instead ({@link EventStore#export()}, constant
 * memory) and rebuilds the set from what it finds: that covers events stored before the relay started,
 * imported, or written by another node on a shared store.
 *
 * <p><b>Counts.</b> {@link #purgeDue} runs before a NIP-45 count, so the count leaves out expired
 * events; while the set is incomplete (before the first scan, or after an overflow) the count may still
 * include some, and {@link #countsAreExact()} says so.
 */
final class Expiration {

    private static final Logger LOG = LoggerFactory.getLogger(Expiration.class);
    /** Expiring events remembered at most; about 150 bytes each. */
    static final int DEFAULT_MAX_TRACKED = 100_000;

    private record Due(long at, String id, String pubkey) {
    }

    private static final Comparator<Due> ORDER = Comparator.comparingLong(Due::at).thenComparing(Due::id);

    private final Clock clock;
    private final int maxTracked;
    private final NavigableSet<Due> due = new ConcurrentSkipListSet<>(ORDER);
    private final AtomicInteger tracked = new AtomicInteger();
    /** Whether an expiring event was stored and not remembered since the last full scan began. */
    private final AtomicBoolean overflowed = new AtomicBoolean(true);
    private volatile boolean complete;
    private volatile boolean purging;

    Expiration(Clock clock) {
        this(clock, DEFAULT_MAX_TRACKED);
    }

    Expiration(Clock clock, int maxTracked) {
        this.clock = clock;
        this.maxTracked = maxTracked;
    }

    /** The {@code expiration} timestamp of {@code event}, or {@link Long#MAX_VALUE} when it has none or it is unreadable. */
    static long expiresAt(Event event) {
        // computed once per event and remembered by it: this runs for every stored result a REQ returns
        return event.expiresAt();
    }

    /** Whether {@code event} has expired by now. */
    boolean isExpired(Event event) {
        long at = expiresAt(event);
        return at != Long.MAX_VALUE && at <= now();
    }

    /** Remembers {@code event}, just stored, if it expires; called for every event the relay stores. */
    void track(Event event) {
        long at = expiresAt(event);
        if (at == Long.MAX_VALUE) {
            return;
        }
        if (tracked.incrementAndGet() > maxTracked) {
            tracked.decrementAndGet();
            overflowed.set(true);
            complete = false;
            return;
        }
        if (!due.add(new Due(at, event.id(), event.pubkey()))) {
            tracked.decrementAndGet();
        }
    }

    /** Whether a count after {@link #purgeDue} leaves out every expired event. */
    boolean countsAreExact() {
        return purging && complete;
    }

    /**
     * Starts purging at once (a full scan) and then every {@code interval}; {@link Duration#ZERO} purges
     * never. One purge runs at a time; a failed purge is logged and the next one runs on schedule.
     */
    Disposable startPurging(EventStore store, Duration interval) {
        if (interval.isZero()) {
            return Disposables.disposed();
        }
        purging = true;
        return Flux.interval(Duration.ZERO, interval)
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

    /**
     * Deletes the expired events: the due ones it remembers, or, when it does not remember them all,
     * every expired event found by a full scan. Emits how many were removed.
     */
    Mono<Long> purge(EventStore store) {
        return Mono.defer(() -> complete ? purgeDue(store) : purgeByScan(store));
    }

    /**
     * Deletes the remembered events that are due (nothing else), unless purging is off (never started);
     * emits how many were removed.
     */
    Mono<Long> purgeDue(EventStore store) {
        return Flux.defer(() -> Flux.fromIterable(purging ? takeDue() : List.of()))
                .concatMap(d -> delete(store, d.id(), d.pubkey()))
                .filter(Boolean::booleanValue)
                .count();
    }

    private List<Due> takeDue() {
        long now = now();
        List<Due> taken = new ArrayList<>();
        for (Due d = due.pollFirst(); d != null; d = due.pollFirst()) {
            if (d.at() > now) {
                due.add(d);
                break;
            }
            tracked.decrementAndGet();
            taken.add(d);
        }
        return taken;
    }

    private Mono<Long> purgeByScan(EventStore store) {
        return Mono.defer(() -> {
            overflowed.set(false);
            return store.export()
                    .filter(event -> {
                        if (isExpired(event)) {
                            return true;
                        }
                        track(event);
                        return false;
                    })
                    .concatMap(event -> delete(store, event.id(), event.pubkey()))
                    .filter(Boolean::booleanValue)
                    .count()
                    .doOnSuccess(n -> complete = !overflowed.get());
        });
    }

    private static Mono<Boolean> delete(EventStore store, String id, String pubkey) {
        return store.delete(Deletion.byAuthor(id, pubkey).withoutTombstone());
    }

    private long now() {
        return clock.millis() / 1000;
    }
}
