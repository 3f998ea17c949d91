package io.reactivestore.outbox;

import java.util.Objects;
import java.util.Set;

/**
 * What an {@link OutboxStore} accepts and how it behaves; the same for every backend. Build with
 * {@link #builder()}.
 *
 * @param eventTypes the registered event types; {@code store} refuses any other with
 *     {@link UnknownEventTypeException}. Each is 1 to {@value #MAX_NAME_LENGTH} characters.
 * @param processedCheck asked before a new event is stored; see {@link ProcessedCheck}
 * @param maxDataBytes the largest event data and key-value value accepted, in bytes
 * @param writeQueueCapacity how many writes may wait or run at once; one more fails with
 *     {@link OutboxBusyException}
 */
public record OutboxConfig(Set<String> eventTypes, ProcessedCheck processedCheck, int maxDataBytes,
        int writeQueueCapacity) {

    /** Longest event type, key-value prefix and key-value key, in characters (the SQL column width). */
    public static final int MAX_NAME_LENGTH = 255;

    /**
     * Validates the components (see the class comment).
     *
     * @param eventTypes the registered event types; {@code store} refuses any other with
     *     {@link UnknownEventTypeException}. Each is 1 to {@value #MAX_NAME_LENGTH} characters.
     * @param processedCheck asked before a new event is stored; see {@link ProcessedCheck}
     * @param maxDataBytes the largest event data and key-value value accepted, in bytes
     * @param writeQueueCapacity how many writes may wait or run at once; one more fails with
     *     {@link OutboxBusyException}
     */
    public OutboxConfig {
        eventTypes = Set.copyOf(Objects.requireNonNull(eventTypes, "eventTypes"));
        Objects.requireNonNull(processedCheck, "processedCheck");
        if (eventTypes.isEmpty()) {
            throw new IllegalArgumentException("register at least one event type");
        }
        for (String type : eventTypes) {
            checkName("event type", type);
        }
        if (maxDataBytes < 1) {
            throw new IllegalArgumentException("maxDataBytes must be positive: " + maxDataBytes);
        }
        if (writeQueueCapacity < 1) {
            throw new IllegalArgumentException("writeQueueCapacity must be positive: " + writeQueueCapacity);
        }
    }

    static void checkName(String what, String name) {
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException(what + " must have 1 to " + MAX_NAME_LENGTH + " characters: '"
                    + name + "'");
        }
    }

    /** {@return a new builder} */
    public static Builder builder() {
        return new Builder();
    }

    /** Validating builder; defaults: no processed events, 1 MiB data, 1024 queued writes. */
    public static final class Builder {
        private Set<String> eventTypes = Set.of();
        private ProcessedCheck processedCheck = ProcessedCheck.none();
        private int maxDataBytes = 1 << 20;
        private int writeQueueCapacity = 1024;

        private Builder() {
        }

        /**
         * The registered event types.
         *
         * @param types the types
         * @return this builder
         */
        public Builder eventTypes(String... types) {
            this.eventTypes = Set.of(types);
            return this;
        }

        /**
         * The registered event types.
         *
         * @param types the types
         * @return this builder
         */
        public Builder eventTypes(Set<String> types) {
            this.eventTypes = Set.copyOf(types);
            return this;
        }

        /**
         * Asked before a new event is stored; see {@link ProcessedCheck}.
         *
         * @param check the check
         * @return this builder
         */
        public Builder processedCheck(ProcessedCheck check) {
            this.processedCheck = Objects.requireNonNull(check, "check");
            return this;
        }

        /**
         * The largest event data and key-value value accepted.
         *
         * @param bytes the size in bytes
         * @return this builder
         */
        public Builder maxDataBytes(int bytes) {
            this.maxDataBytes = bytes;
            return this;
        }

        /**
         * How many writes may wait or run at once.
         *
         * @param capacity the number of writes
         * @return this builder
         */
        public Builder writeQueueCapacity(int capacity) {
            this.writeQueueCapacity = capacity;
            return this;
        }

        /**
         * Builds the configuration from this builder's settings.
         *
         * @return a new {@link OutboxConfig}
         * @throws IllegalArgumentException if no type is registered or a value is out of range
         */
        public OutboxConfig build() {
            return new OutboxConfig(eventTypes, processedCheck, maxDataBytes, writeQueueCapacity);
        }
    }
}
