package io.reactivestore.store;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A small durable key-value map kept in the same database as a store's events, for state that belongs with
 * them: a relay's moderation lists and settings (NIP-86), say. Entries live in namespaces, so users never
 * collide. Obtained from a backend: {@code MemoryEventStore.keyValues()}, {@code LmdbEventStore.keyValues()}
 * (a named database in the same environment), {@code R2dbcEventStore.keyValues()} (table {@code store_kv} of
 * the same H2 or PostgreSQL database, created by the migrations of component {@code kv}).
 *
 * <p>Meant for small state read whole at start (thousands to a few hundred thousand entries), not for bulk
 * data: {@link #entries} streams a namespace in key order. Writes complete once durable (as durable as the
 * backend's event writes); each write is atomic; concurrent writes to one key: the last one wins. Errors
 * only through {@code onError}: {@link IllegalArgumentException} for a namespace, key or value out of the
 * limits below, {@link StoreClosedException} once the store is closed, other {@link StoreException}s as
 * the backend fails.
 */
public interface KeyValueStore {

    /** The longest key, in characters. */
    int MAX_KEY_LENGTH = 200;

    /** The longest value, in characters. */
    int MAX_VALUE_LENGTH = 4096;

    /**
     * Sets {@code key} of {@code namespace} to {@code value}, replacing any value.
     *
     * @param namespace 1 to 40 characters: lowercase letters, digits, {@code _}, {@code -}, {@code .}
     * @param key       1 to {@value #MAX_KEY_LENGTH} characters, no {@code U+0000}
     * @param value     at most {@value #MAX_VALUE_LENGTH} characters, no {@code U+0000}
     * @return completes once the write is durable, or errors
     */
    Mono<Void> put(String namespace, String key, String value);

    /**
     * Removes {@code key} of {@code namespace}; a missing key is not an error.
     *
     * @param namespace the namespace (see {@link #put})
     * @param key       the key (see {@link #put})
     * @return completes once the removal is durable, or errors
     */
    Mono<Void> delete(String namespace, String key);

    /**
     * Every entry of {@code namespace}, in ascending key order (by UTF-8 bytes for LMDB, by the database's
     * collation for SQL: callers must not depend on the order), read on the backend's threads with
     * backpressure. Entries written while the stream runs may or may not appear.
     *
     * @param namespace the namespace (see {@link #put})
     * @return the entries: key to value
     */
    Flux<Map.Entry<String, String>> entries(String namespace);

    /**
     * Checks a namespace, key and value against the limits of {@link #put}; for implementations.
     *
     * @param namespace the namespace
     * @param key       the key
     * @param value     the value, or {@code null} when none is written
     * @throws IllegalArgumentException naming the first one out of its limits
     * @throws NullPointerException     if namespace or key is null
     */
    static void check(String namespace, String key, @Nullable String value) {
        checkNamespace(namespace);
        Objects.requireNonNull(key, "key");
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || key.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("key: 1 to " + MAX_KEY_LENGTH + " characters without U+0000");
        }
        if (value != null && (value.length() > MAX_VALUE_LENGTH || value.indexOf('\0') >= 0)) {
            throw new IllegalArgumentException("value: at most " + MAX_VALUE_LENGTH + " characters without U+0000");
        }
    }

    /**
     * Checks a namespace against the rules of {@link #put}; for implementations.
     *
     * @param namespace the namespace
     * @throws IllegalArgumentException if it breaks them
     * @throws NullPointerException     if it is null
     */
    static void checkNamespace(String namespace) {
        Objects.requireNonNull(namespace, "namespace");
        if (!namespace.matches("[a-z0-9_.-]{1,40}")) {
            throw new IllegalArgumentException("namespace: 1 to 40 of a-z 0-9 _ - . , got '" + namespace + "'");
        }
    }

}
