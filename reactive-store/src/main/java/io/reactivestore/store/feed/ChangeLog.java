package io.reactivestore.store.feed;

import java.util.Collection;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A store that numbers its writes: every stored event and every removal gets the next value of one
 * monotonic sequence (PostgreSQL: a sequence; H2: the same). Follow it with {@link ChangeFeed}, which
 * deals with what the raw reads below leave to their caller: numbers become visible out of order when
 * concurrent transactions commit in another order than they drew their numbers, and numbers of rolled
 * back or already removed rows never become visible.
 */
public interface ChangeLog {

    /**
     * The highest sequence number visible now (0 if none): where a new follower starts.
     *
     * @return the highest visible sequence number
     */
    Mono<Long> lastSequence();

    /**
     * The visible changes numbered above {@code sequence}, in sequence order, at most {@code limit}.
     * The answer is read whole before it is emitted (at most {@code limit} changes in memory).
     *
     * @param sequence the number to read after
     * @param limit the most changes to return (positive)
     * @return the changes, in sequence order; errors as the store's reads do
     */
    Flux<StoreChange> changesAfter(long sequence, int limit);

    /**
     * The visible changes among {@code sequences} (those not visible are absent), in sequence order.
     *
     * @param sequences the numbers to look up (at most a few thousand)
     * @return the changes found, in sequence order; errors as the store's reads do
     */
    Flux<StoreChange> changesAmong(Collection<Long> sequences);
}
