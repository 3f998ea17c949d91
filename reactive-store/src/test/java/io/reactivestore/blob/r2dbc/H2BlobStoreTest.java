package io.reactivestore.blob.r2dbc;

import io.reactivestore.blob.BlobStore;
import io.reactivestore.blob.BlobStoreContract;
import io.reactivestore.blob.PutResult;
import io.reactivestore.testing.TestDatabases;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class H2BlobStoreTest extends BlobStoreContract {

    @Override
    protected BlobStore createStore() {
        return R2dbcBlobStore.open(TestDatabases.h2InMemory()).block(TIMEOUT);
    }

    @Override
    protected void destroyStore(BlobStore store) {
        ((R2dbcBlobStore) store).close().block(TIMEOUT);
    }

    @Test
    void listingCrossesPageBoundariesWithoutLosingOrRepeatingARef() {
        int n = R2dbcBlobStore.PAGE * 2 + 7;
        Flux.range(0, n).flatMap(i -> store.put(("page " + i).getBytes(StandardCharsets.UTF_8)), 8)
                .map(PutResult::ref).then().block(TIMEOUT);
        StepVerifier.create(store.listRefs().collectList())
                .expectNextMatches(refs -> refs.size() == n && refs.stream().sorted().distinct().toList().equals(refs))
                .expectComplete()
                .verify(TIMEOUT);
    }
}
