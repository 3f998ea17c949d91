package io.reactivestore.relay.server;

import io.reactivestore.store.EventStore;
import io.reactivestore.testing.TestLmdb;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The relay scenario on the LMDB store, under BlockHound: no store work runs on an event loop. */
class LmdbStoreRelayTest extends StoreRelayScenario {

    @TempDir
    Path dir;

    @Override
    protected EventStore createStore() {
        return TestLmdb.open(dir);
    }
}
