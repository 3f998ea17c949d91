package io.reactivestore.store.r2dbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.Connection;
import io.reactivestore.blob.r2dbc.R2dbcBlobStore;
import io.reactivestore.blob.r2dbc.R2dbcBlobStores;
import io.reactivestore.outbox.OutboxConfig;
import io.reactivestore.outbox.OutboxStore;
import io.reactivestore.outbox.SqlOutbox;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * One JVM never has one H2 file open twice: opening it again (for example by subscribing twice to the same
 * cold opening {@code Mono}) fails with an {@link IllegalStateException} naming the file, until the store
 * that has it is closed.
 */
class OneOpenPerFileTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void anEventStoreDirectoryOpenInThisJvmCannotBeOpenedAgainUntilClosed() {
        assertOneOpenAtATime(R2dbcEventStores.h2File(dir), R2dbcEventStore::close, "events.mv.db");
    }

    @Test
    void theBuilderRefusesTheSameDirectoryToo() {
        R2dbcEventStore store = R2dbcEventStores.h2File(dir).block(TIMEOUT);
        try {
            StepVerifier.create(R2dbcEventStores.builder().h2File(dir).maxConnections(2).open())
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining(dir.toAbsolutePath().resolve("events.mv.db").toString()))
                    .verify(TIMEOUT);
        } finally {
            store.close().block(TIMEOUT);
        }
    }

    @Test
    void aBlobStoreFileOpenInThisJvmCannotBeOpenedAgainUntilClosed() {
        assertOneOpenAtATime(R2dbcBlobStores.h2File(dir), R2dbcBlobStore::close, "blobs.mv.db");
    }

    @Test
    void anOutboxFileOpenInThisJvmCannotBeOpenedAgainUntilClosed() {
        Mono<OutboxStore<Connection>> open = SqlOutbox.h2File(dir, "outbox",
                OutboxConfig.builder().eventTypes("t").build());
        assertOneOpenAtATime(open, OutboxStore::close, "outbox.mv.db");
    }

    @Test
    void anEventStoreAndABlobStoreShareADirectory() {
        R2dbcEventStore events = R2dbcEventStores.h2File(dir).block(TIMEOUT);
        R2dbcBlobStore blobs = R2dbcBlobStores.h2File(dir).block(TIMEOUT);
        Mono.when(events.close(), blobs.close()).block(TIMEOUT);
    }

    private <S> void assertOneOpenAtATime(Mono<S> open, Function<S, Mono<Void>> close, String fileName) {
        S first = open.block(TIMEOUT);
        try {
            StepVerifier.create(open)
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining(dir.toAbsolutePath().resolve(fileName).toString())
                            .hasMessageContaining("already open in this JVM"))
                    .verify(TIMEOUT);
        } finally {
            close.apply(first).block(TIMEOUT);
        }
        S reopened = open.block(TIMEOUT);                 // free again once closed
        close.apply(reopened).block(TIMEOUT);
    }
}
