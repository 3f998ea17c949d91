package io.reactivestore.outbox;

/**
 * Opens in-memory outboxes: for tests, and for applications that need the outbox's rules without durability
 * (everything is lost when the process ends). Deletions run in a {@link MemoryTransaction}.
 */
public final class MemoryOutbox {

    private MemoryOutbox() {
    }

    /**
     * A new, empty in-memory outbox; its memory grows with the events and key-value entries it holds.
     *
     * @param config the configuration
     * @return a new, empty in-memory outbox; its memory grows with the events and key-value entries it holds
     */
    public static OutboxStore<MemoryTransaction> create(OutboxConfig config) {
        return new SerializedOutboxStore<>("memory outbox", config, new MemoryBackend());
    }
}
