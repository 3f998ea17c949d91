package io.reactivestore.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.store.lmdb.LmdbEventStore;
import io.reactivestore.store.memory.MemoryEventStore;
import io.reactivestore.store.r2dbc.R2dbcEventStore;
import io.reactivestore.store.r2dbc.R2dbcEventStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.test.StepVerifier;

/** {@link KeyValueStore} on every backend that has one: namespaces, replace, delete, order, limits, restarts. */
class KeyValueStoreTest {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final List<EventStore> open = new ArrayList<>();

    /** A backend: opens (or reopens) the store in a directory and hands out its key-values. */
    enum Backend {
        MEMORY(dir -> MemoryEventStore.create(), store -> ((MemoryEventStore) store).keyValues()),
        LMDB(dir -> LmdbEventStore.open(dir).block(TIMEOUT), store -> ((LmdbEventStore) store).keyValues()),
        H2_FILE(dir -> R2dbcEventStores.h2File(dir).block(TIMEOUT), store -> ((R2dbcEventStore) store).keyValues());

        final Function<Path, EventStore> opener;
        final Function<EventStore, KeyValueStore> keyValues;

        Backend(Function<Path, EventStore> opener, Function<EventStore, KeyValueStore> keyValues) {
            this.opener = opener;
            this.keyValues = keyValues;
        }
    }

    @AfterEach
    void close() {
        open.forEach(store -> store.close().block(TIMEOUT));
    }

    private KeyValueStore open(Backend backend) {
        EventStore store = backend.opener.apply(dir);
        open.add(store);
        return backend.keyValues.apply(store);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void putReplaceDeleteAndListInKeyOrderPerNamespace(Backend backend) {
        KeyValueStoreContract.check(open(backend));
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"LMDB", "H2_FILE"})
    void entriesSurviveAReopenAndNukeLeavesThem(Backend backend) {
        KeyValueStore kv = open(backend);
        for (int i = 0; i < 1100; i++) { // more than one LMDB page of entries
            kv.put("many", String.format("%05d", i), "value " + i).block(TIMEOUT);
        }
        open.get(0).close().block(TIMEOUT);
        open.clear();

        EventStore reopened = backend.opener.apply(dir);
        open.add(reopened);
        if (backend == Backend.LMDB) {
            reopened.nuke().block(TIMEOUT);
        }
        List<Map.Entry<String, String>> entries = backend.keyValues.apply(reopened).entries("many")
                .collectList().block(TIMEOUT);
        assertThat(entries).hasSize(1100);
        assertThat(entries.get(0)).isEqualTo(Map.entry("00000", "value 0"));
        assertThat(entries.get(1099)).isEqualTo(Map.entry("01099", "value 1099"));
    }

    @Test
    void aClosedStoresKeyValuesRefuse() {
        KeyValueStore kv = open(Backend.MEMORY);
        open.get(0).close().block(TIMEOUT);
        StepVerifier.create(kv.put("a", "b", "c")).expectError(StoreClosedException.class).verify(TIMEOUT);
    }
}
