package io.reactivestore.store.ndjson;

/**
 * A line an import did not store, and why.
 *
 * @param line 1-based line number
 * @param reason machine-readable category
 * @param message human-readable detail (names the offending field where there is one)
 */
public record NdjsonRejection(long line, Reason reason, String message) {

    /** Why a line was rejected. */
    public enum Reason {
        /** Not a JSON event object (syntax, missing or ill-typed field). */
        BAD_JSON,
        /** The id is not the hash of the event (only with verification on). */
        BAD_ID,
        /** The signature does not verify (only with verification on). */
        BAD_SIGNATURE,
        /** Longer than the configured maximum line length. */
        TOO_LONG,
        /** The store refused it as invalid, for example over its size limits. */
        REFUSED
    }
}
