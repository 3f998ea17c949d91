package io.reactivestore.relay.server;

import io.reactivestore.store.EventStore;
import io.reactivestore.testing.TestLmdb;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The relay on LMDB, which does not support search: no NIP-50 advertised, search refused with CLOSED. */
class LmdbSearchRelayTest extends SearchRelayScenario {

    @TempDir
    Path dir;

    @Override
    protected EventStore createStore() {
        return TestLmdb.open(dir);
    }
}
