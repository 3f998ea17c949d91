package io.reactivestore.store.feed;

import org.jspecify.annotations.Nullable;

/**
 * Where a {@link ChangeFeed} subscription starts ({@link ChangeLog#start()}): the highest sequence number
 * visible then and, when the store can tell, the snapshot it was read in, so that changes numbered below
 * the start but committed after it can be found once the transactions running then have ended
 * ({@link ChangeLog#committedAfterStart}).
 *
 * @param sequence the highest sequence number visible at the start (0 if none)
 * @param nextTransaction the first transaction number not handed out at the start, or {@code -1} when the
 *     store cannot tell (then numbers below the start that commit later are not seen)
 * @param snapshot the store's description of the start's snapshot (PostgreSQL: a {@code txid_snapshot}
 *     as text), or {@code null} with {@code nextTransaction == -1}
 */
public record FeedStart(long sequence, long nextTransaction, @Nullable String snapshot) {

    /**
     * Validates that a snapshot comes with its transaction number.
     *
     * @param sequence the highest visible sequence number
     * @param nextTransaction the first transaction number not handed out, or {@code -1}
     * @param snapshot the snapshot, or {@code null}
     * @throws IllegalArgumentException if {@code sequence} is negative, or exactly one of
     *     {@code snapshot} and a known {@code nextTransaction} is given
     */
    public FeedStart {
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence: must not be negative, got " + sequence);
        }
        if ((snapshot == null) != (nextTransaction < 0)) {
            throw new IllegalArgumentException("snapshot and nextTransaction come together");
        }
    }

    /**
     * A start that knows only its sequence number.
     *
     * @param sequence the highest visible sequence number
     * @return the start
     */
    public static FeedStart at(long sequence) {
        return new FeedStart(sequence, -1, null);
    }

    /** {@return whether the store described the start's snapshot} */
    public boolean knowsTransactions() {
        return snapshot != null;
    }
}
