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
 *
 * <p>A store that can also say where its transactions stand ({@link #horizon()}, {@link #start()} with a
 * snapshot, {@link #committedAfterStart}) lets the feed wait for a skipped number exactly as long as the
 * transaction that may still commit it runs, and find the numbers below a feed's start that commit
 * after it; a store that cannot (the defaults) leaves the feed to give skipped numbers up after a timeout.
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

    /**
     * Where a new follower starts: {@link #lastSequence()} and, if the store can tell, the snapshot it was
     * read in. Default: {@link FeedStart#at} of {@link #lastSequence()}.
     *
     * @return the start
     */
    default Mono<FeedStart> start() {
        return lastSequence().map(FeedStart::at);
    }

    /**
     * Where the database's transactions stand now, read in a statement of its own (so a read issued after
     * this one completes sees every transaction below {@link Horizon#oldestRunning()} ended). Writers must
     * take their transaction number before they draw a sequence number. Default: empty (not known).
     *
     * @return the horizon, or empty if the store cannot tell
     */
    default Mono<Horizon> horizon() {
        return Mono.empty();
    }

    /**
     * The changes numbered at or below {@code start.sequence()} that were not visible at {@code start}
     * (their transactions were still running then) and are visible now, in sequence order. Complete only
     * once every transaction running at the start has ended ({@link Horizon#oldestRunning()} at or above
     * {@code start.nextTransaction()}). Default: none.
     *
     * @param start a start this log returned, with a snapshot
     * @return the changes, in sequence order; errors as the store's reads do
     */
    default Flux<StoreChange> committedAfterStart(FeedStart start) {
        return Flux.empty();
    }
}
