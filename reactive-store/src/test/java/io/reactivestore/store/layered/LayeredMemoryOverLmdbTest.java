package io.reactivestore.store.layered;

import io.reactivestore.store.EventStore;
import io.reactivestore.store.EventStoreContract;
import io.reactivestore.store.memory.MemoryEventStore;
import io.reactivestore.testing.TestLmdb;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract over an in-memory L1 and an LMDB L2. */
class LayeredMemoryOverLmdbTest extends EventStoreContract {

    @TempDir
    Path dir;

    @Override
    protected EventStore createStore() {
        return LayeredEventStore.builder(MemoryEventStore.create(), TestLmdb.open(dir)).maxEvents(1000).build();
    }
}
