package io.reactivestore.store.r2dbc;

import io.reactivestore.store.EventStore;
import io.reactivestore.store.EventStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class H2FileEventStoreTest extends EventStoreContract {

    @TempDir
    Path dir;
    private int stores;

    @Override
    protected EventStore createStore() {
        return R2dbcEventStores.h2File(dir.resolve("store" + stores++)).block(TIMEOUT);
    }
}
