package io.reactivestore.store.feed;

/**
 * Where a database's transactions stand at one moment ({@link ChangeLog#horizon()}): every transaction
 * numbered below {@code oldestRunning} has ended (committed or rolled back), and every transaction
 * numbered {@code nextTransaction} or above had not begun. A {@link ChangeFeed} uses it to tell a
 * sequence number that may still commit from one that never will.
 *
 * @param oldestRunning the lowest transaction number still running (or the next one if none runs)
 * @param nextTransaction the first transaction number not yet handed out
 */
public record Horizon(long oldestRunning, long nextTransaction) {

    /**
     * Validates the order of the two numbers.
     *
     * @param oldestRunning the lowest transaction number still running
     * @param nextTransaction the first transaction number not yet handed out
     * @throws IllegalArgumentException if {@code oldestRunning > nextTransaction}
     */
    public Horizon {
        if (oldestRunning > nextTransaction) {
            throw new IllegalArgumentException("oldestRunning " + oldestRunning + " > nextTransaction "
                    + nextTransaction);
        }
    }
}
