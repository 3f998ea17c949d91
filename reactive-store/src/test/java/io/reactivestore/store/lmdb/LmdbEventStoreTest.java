package io.reactivestore.store.lmdb;

import io.reactivestore.store.EventStore;
import io.reactivestore.store.EventStoreContract;
import io.reactivestore.testing.TestLmdb;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The event store contract on LMDB (maps start at 1 MiB, so growth is exercised too). */
class LmdbEventStoreTest extends EventStoreContract {

    @TempDir
    Path dir;

    @Override
    protected EventStore createStore() {
        return TestLmdb.open(dir);
    }
}
