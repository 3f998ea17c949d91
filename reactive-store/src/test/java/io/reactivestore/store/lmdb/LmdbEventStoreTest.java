package io.reactivestore.store.lmdb;

import io.reactivestore.store.EventStore;
import io.reactivestore.store.EventStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class LmdbEventStoreTest extends EventStoreContract {

    @TempDir
    Path dir;
    private int stores;

    @Override
    protected EventStore createStore() {
        return LmdbEventStore.builder(dir.resolve("store" + stores++)).initialMapSize(1 << 20).open().block(TIMEOUT);
    }
}
