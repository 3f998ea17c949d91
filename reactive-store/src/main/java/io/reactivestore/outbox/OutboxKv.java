package io.reactivestore.outbox;

import reactor.core.publisher.Mono;

/**
 * A key-value store scoped to one prefix of an {@link OutboxStore} (see {@link OutboxStore#kv(String)}), for
 * a consumer's own progress records, such as the last block seen on another chain. Writes go through the
 * store's write queue and commit on the store's own connection; reads never wait for them. Keys are 1 to
 * {@value OutboxConfig#MAX_NAME_LENGTH} characters, values at most {@link OutboxConfig#maxDataBytes()} bytes;
 * others fail with {@link OutboxInputException}. Errors otherwise as {@link OutboxStore} describes.
 */
public interface OutboxKv {

    /**
     * The value of {@code key} (a copy), or empty if none is set.
     *
     * @param key the key
     * @return the value of {@code key} (a copy), or empty if none is set
     */
    Mono<byte[]> get(String key);

    /**
     * Sets {@code key} to {@code value} (copied), replacing any value; completes once committed.
     *
     * @param key the key
     * @param value the value
     * @return completes when done, or errors
     */
    Mono<Void> set(String key, byte[] value);

    /**
     * Removes {@code key}; idempotent (a missing key is not an error).
     *
     * @param key the key
     * @return completes when done, or errors
     */
    Mono<Void> delete(String key);
}
