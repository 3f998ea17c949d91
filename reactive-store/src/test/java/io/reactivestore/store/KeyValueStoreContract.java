package io.reactivestore.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import reactor.test.StepVerifier;

/** The behaviour every {@link KeyValueStore} shares, run by each backend's test. */
public final class KeyValueStoreContract {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private KeyValueStoreContract() {
    }

    /**
     * Checks namespaces, replace, delete, key order and the limits on a fresh key-value store.
     *
     * @param kv the store, empty
     */
    public static void check(KeyValueStore kv) {
        StepVerifier.create(kv.entries("empty")).expectComplete().verify(TIMEOUT);
        kv.put("a", "k2", "two").block(TIMEOUT);
        kv.put("a", "k1", "one").block(TIMEOUT);
        kv.put("a", "k1", "uno").block(TIMEOUT);
        kv.put("ab", "k0", "other namespace").block(TIMEOUT);
        kv.put("a", "k3", "gone").block(TIMEOUT);
        kv.delete("a", "k3").block(TIMEOUT);
        kv.delete("a", "never there").block(TIMEOUT);
        assertThat(kv.entries("a").collectList().block(TIMEOUT))
                .containsExactly(Map.entry("k1", "uno"), Map.entry("k2", "two"));
        assertThat(kv.entries("ab").collectList().block(TIMEOUT)).containsExactly(Map.entry("k0", "other namespace"));

        String longest = "v".repeat(KeyValueStore.MAX_VALUE_LENGTH);
        kv.put("limits", "k".repeat(KeyValueStore.MAX_KEY_LENGTH), longest).block(TIMEOUT);
        StepVerifier.create(kv.put("limits", "x", longest + "v")).expectError(IllegalArgumentException.class)
                .verify(TIMEOUT);
        StepVerifier.create(kv.put("limits", "", "v")).expectError(IllegalArgumentException.class).verify(TIMEOUT);
        StepVerifier.create(kv.put("Upper", "k", "v")).expectError(IllegalArgumentException.class).verify(TIMEOUT);
        StepVerifier.create(kv.put("limits", "k\0", "v")).expectError(IllegalArgumentException.class).verify(TIMEOUT);
    }

}
