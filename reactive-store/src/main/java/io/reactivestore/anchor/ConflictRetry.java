package io.reactivestore.anchor;

import java.time.Duration;
import reactor.util.retry.Retry;
import reactor.util.retry.RetryBackoffSpec;

/**
 * Retrying anchor map updates that lost an optimistic-locking race: exponential backoff with jitter,
 * retrying only {@link UpdateConflictException}; when attempts run out the last
 * {@link UpdateConflictException} itself is signalled. Timers run on {@code Schedulers.parallel()}
 * (replaced by virtual time in tests).
 *
 * <pre>{@code store.updateAnchorMap(fn).retryWhen(ConflictRetry.backoff(5, Duration.ofMillis(2)))}</pre>
 */
public final class ConflictRetry {

    /** What {@link AnchorStore}'s own anchor operations use: 10 retries from 2 ms, at most 500 ms apart. */
    public static final Retry DEFAULT = backoff(10, Duration.ofMillis(2)).maxBackoff(Duration.ofMillis(500));

    private ConflictRetry() {
    }

    /**
     * Retries an update up to {@code maxRetries} times after {@link UpdateConflictException}, waiting
     * {@code firstBackoff}, then twice as long each time, with 50% jitter.
     *
     * @param maxRetries how many retries at most
     * @param firstBackoff the first delay
     * @return the retry spec, for {@code retryWhen}
     */
    public static RetryBackoffSpec backoff(long maxRetries, Duration firstBackoff) {
        return Retry.backoff(maxRetries, firstBackoff)
                .filter(UpdateConflictException.class::isInstance)
                .onRetryExhaustedThrow((spec, signal) -> signal.failure());
    }
}
