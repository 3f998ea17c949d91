package io.reactivestore.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.UnsignedEvent;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.lmdb.LmdbEventStore;
import io.reactivestore.store.r2dbc.R2dbcEventStore;
import io.reactivestore.store.r2dbc.R2dbcEventStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

/** Which store {@code RelayServer} opens: LMDB by default, H2 one flag away, H2 data imported on request. */
class RelayServerStoreTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void theDataDirectoryHoldsAnLmdbStoreByDefault() {
        EventStore store = RelayServer.openStore(settings("--data-dir", dir.toString()));
        try {
            assertThat(store).isInstanceOf(LmdbEventStore.class);
            assertThat(Files.exists(dir.resolve("data.mdb"))).isTrue();
            assertThatIllegalStateException()
                    .isThrownBy(() -> RelayServer.openStore(settings("--data-dir", dir.toString())))
                    .withMessageContaining("already open");
        } finally {
            store.close().block(TIMEOUT);
        }
    }

    @Test
    void storeH2ServesTheH2File() {
        EventStore store = RelayServer.openStore(settings("--store", "h2", "--data-dir", dir.toString()));
        try {
            assertThat(store).isInstanceOf(R2dbcEventStore.class);
            assertThat(Files.exists(dir.resolve("events.mv.db"))).isTrue();
        } finally {
            store.close().block(TIMEOUT);
        }
    }

    @Test
    void importFromH2CopiesEveryEventIntoLmdbOnceEvenWhenRunTwice() {
        KeyPair author = KeyPair.generate();
        Path h2Dir = dir.resolve("h2");
        R2dbcEventStore h2 = R2dbcEventStores.h2File(h2Dir).block(TIMEOUT);
        List<Event> notes = Flux.range(0, 30)
                .map(i -> author.sign(new UnsignedEvent(1_700_000_000L + i, 1, List.of(), "note " + i)))
                .collectList().block(TIMEOUT);
        h2.importEvents(Flux.fromIterable(notes)).block(TIMEOUT);
        h2.close().block(TIMEOUT);
        Path lmdbDir = dir.resolve("lmdb");

        for (int run = 0; run < 2; run++) {
            EventStore store = RelayServer.openStore(settings("--data-dir", lmdbDir.toString(),
                    "--import-from-h2", h2Dir.toString()));
            try {
                assertThat(store.query(Filter.ALL).collectList().block(TIMEOUT))
                        .containsExactlyInAnyOrderElementsOf(notes);
            } finally {
                store.close().block(TIMEOUT);
            }
        }
    }

    @Test
    void contradictoryStoreSettingsAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> settings("--store", "rocks").store());
        assertThatIllegalArgumentException().isThrownBy(() -> RelayServer.openStore(
                settings("--in-memory", "--import-from-h2", dir.toString())));
        assertThatIllegalArgumentException().isThrownBy(() -> RelayServer.openStore(
                settings("--data-dir", dir.resolve("x").toString(), "--import-from-h2", dir.toString())));
        assertThatIllegalArgumentException().isThrownBy(() -> RelayServer.openStore(
                settings("--in-memory", "--cluster"))).withMessageContaining("--postgres-url");
    }

    private static RelayServerSettings settings(String... args) {
        return RelayServerSettings.parse(args, name -> null);
    }
}
