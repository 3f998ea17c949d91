package io.reactivestore.relay.client;

import java.time.Duration;

/**
 * Where a {@link RelaySync} stands: emitted after each reconciliation round and each batch of transferred
 * events; the last one has {@link #done()} set.
 *
 * @param idsCompared local records in ranges settled so far by the reconciliation
 * @param localRecords the local records being reconciled
 * @param rounds reconciliation rounds so far
 * @param missingLocally ids found that only the relay has
 * @param missingRemotely ids found that only the local store has
 * @param downloaded events fetched from the relay and saved locally
 * @param uploaded events published to the relay and accepted (duplicates count as accepted)
 * @param uploadsRefused events the relay answered {@code OK false}, or that vanished locally before upload
 * @param bytesExchanged negentropy message bytes in both directions (binary; hex on the wire is twice that)
 * @param elapsed time since the sync started
 * @param done whether the sync has finished
 */
public record SyncProgress(long idsCompared, long localRecords, int rounds, long missingLocally, long missingRemotely,
        long downloaded, long uploaded, long uploadsRefused, long bytesExchanged, Duration elapsed, boolean done) {

    /** {@return events transferred (downloaded plus uploaded) per second of {@link #elapsed()}} */
    public double eventsPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : (downloaded + uploaded) / seconds;
    }

    @Override
    public String toString() {
        return String.format("%s%d/%d ids compared in %d rounds, %d missing here, %d missing there; "
                + "%d downloaded, %d uploaded, %d refused; %.0f events/s; %d negentropy bytes; %.1f s",
                done ? "done: " : "", idsCompared, localRecords, rounds, missingLocally, missingRemotely, downloaded,
                uploaded, uploadsRefused, eventsPerSecond(), bytesExchanged, elapsed.toNanos() / 1e9);
    }
}
