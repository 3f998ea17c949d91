package io.reactivestore.store.retention;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What {@link Retention} deletes, and how much per round. Built with {@link #builder()}; immutable.
 *
 * <ul>
 *   <li><b>Age</b> ({@link Builder#maxAge}): regular events whose {@code created_at} is older than this.
 *       Replaceable and addressable events (only the latest version of each is stored) and deletion
 *       requests (kind 5) are kept.</li>
 *   <li><b>Kind</b> ({@link Builder#maxAge(int, Duration)}): events of one kind older than its own age, of
 *       any kind class; it overrides the general age for that kind.</li>
 *   <li><b>Size</b> ({@link Builder#maxBytes}): while the store's data ({@link io.reactivestore.store.StoreSize})
 *       is over this, the oldest regular events go first. Needs a store implementing {@code StoreSize}.</li>
 * </ul>
 *
 * <p>Deletions leave no tombstone, so an expired event may be published again; events a user deleted
 * (tombstoned) stay blocked, since retention never removes tombstones.
 *
 * @param maxAge general age limit of regular events, or {@code null} for none
 * @param kindMaxAge per-kind age limits (kind to age), possibly empty
 * @param maxBytes size limit, or 0 for none
 * @param maxDeletionsPerRound most events one round deletes (at least 1)
 * @param interval time between the end of one round and the start of the next (positive)
 */
public record RetentionPolicy(@Nullable Duration maxAge, Map<Integer, Duration> kindMaxAge, long maxBytes,
                              int maxDeletionsPerRound, Duration interval) {

    /** Default of {@link Builder#maxDeletionsPerRound}. */
    public static final int DEFAULT_MAX_DELETIONS_PER_ROUND = 1_000;
    /** Default of {@link Builder#interval}. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

    /**
     * Validates and copies.
     *
     * @param maxAge general age limit of regular events, or {@code null} for none
     * @param kindMaxAge age limits per kind, overriding {@code maxAge}
     * @param maxBytes size limit of the store's data; 0 for none
     * @param maxDeletionsPerRound most events deleted per round
     * @param interval pause between rounds
     * @throws IllegalArgumentException if an age or the interval is not positive, {@code maxBytes} is
     *     negative or {@code maxDeletionsPerRound} below 1
     */
    public RetentionPolicy {
        kindMaxAge = Map.copyOf(Objects.requireNonNull(kindMaxAge, "kindMaxAge"));
        Objects.requireNonNull(interval, "interval");
        if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
            throw new IllegalArgumentException("maxAge: must be positive, got " + maxAge);
        }
        kindMaxAge.forEach((kind, age) -> {
            if (age.isNegative() || age.isZero()) {
                throw new IllegalArgumentException("max age of kind " + kind + ": must be positive, got " + age);
            }
        });
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes: must not be negative, got " + maxBytes);
        }
        if (maxDeletionsPerRound < 1) {
            throw new IllegalArgumentException("maxDeletionsPerRound: must be at least 1, got " + maxDeletionsPerRound);
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval: must be positive, got " + interval);
        }
    }

    /**
     * Whether any rule is set.
     *
     * @return {@code true} if the policy can delete anything
     */
    public boolean hasRules() {
        return maxAge != null || !kindMaxAge.isEmpty() || maxBytes > 0;
    }

    /**
     * A builder with no rule, {@link #DEFAULT_MAX_DELETIONS_PER_ROUND} and {@link #DEFAULT_INTERVAL}.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link RetentionPolicy}; not thread-safe. */
    public static final class Builder {
        private @Nullable Duration maxAge;
        private final Map<Integer, Duration> kindMaxAge = new TreeMap<>();
        private long maxBytes;
        private int maxDeletionsPerRound = DEFAULT_MAX_DELETIONS_PER_ROUND;
        private Duration interval = DEFAULT_INTERVAL;

        private Builder() {
        }

        /**
         * The general age limit of regular events.
         *
         * @param age general age limit of regular events
         * @return this builder
         */
        public Builder maxAge(Duration age) {
            this.maxAge = Objects.requireNonNull(age, "age");
            return this;
        }

        /**
         * The age limit of one kind, overriding the general one.
         *
         * @param kind an event kind
         * @param age its age limit
         * @return this builder
         */
        public Builder maxAge(int kind, Duration age) {
            kindMaxAge.put(kind, Objects.requireNonNull(age, "age"));
            return this;
        }

        /**
         * The size limit of the store's data.
         *
         * @param bytes size limit of the store's data (0: none)
         * @return this builder
         */
        public Builder maxBytes(long bytes) {
            this.maxBytes = bytes;
            return this;
        }

        /**
         * The most events deleted per round.
         *
         * @param deletions most events deleted per round
         * @return this builder
         */
        public Builder maxDeletionsPerRound(int deletions) {
            this.maxDeletionsPerRound = deletions;
            return this;
        }

        /**
         * The pause between rounds.
         *
         * @param interval pause between rounds
         * @return this builder
         */
        public Builder interval(Duration interval) {
            this.interval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /**
         * Builds the policy.
         *
         * @return the policy
         * @throws IllegalArgumentException as the record's constructor
         */
        public RetentionPolicy build() {
            return new RetentionPolicy(maxAge, kindMaxAge, maxBytes, maxDeletionsPerRound, interval);
        }
    }
}
