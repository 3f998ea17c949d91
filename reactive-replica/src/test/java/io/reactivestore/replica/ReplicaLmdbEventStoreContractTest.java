package io.reactivestore.replica;

import io.reactivestore.store.EventStore;
import io.reactivestore.store.EventStoreContract;
import io.reactivestore.testing.TestLmdb;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** A replica of LMDB event stores (two synchronous, one asynchronous) passes the event store contract. */
class ReplicaLmdbEventStoreContractTest extends EventStoreContract {

    @TempDir
    Path dir;

    @Override
    protected EventStore createStore() {
        return new ReplicaEventStore(List.of(TestLmdb.open(dir), TestLmdb.open(dir)), List.of(TestLmdb.open(dir)), 8);
    }
}
