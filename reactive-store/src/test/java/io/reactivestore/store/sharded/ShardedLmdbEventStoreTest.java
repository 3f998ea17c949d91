package io.reactivestore.store.sharded;

import io.reactivestore.store.EventStore;
import io.reactivestore.store.EventStoreContract;
import io.reactivestore.testing.TestLmdb;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract over three LMDB shards: notes, replaceable kinds, the rest. */
class ShardedLmdbEventStoreTest extends EventStoreContract {

    @TempDir
    Path dir;

    @Override
    protected EventStore createStore() {
        return ShardedEventStore.builder()
                .kinds(TestLmdb.open(dir), 1)
                .predicate(TestLmdb.open(dir), e -> e.kindClass().isReplacing())
                .otherwise(TestLmdb.open(dir))
                .build();
    }
}
