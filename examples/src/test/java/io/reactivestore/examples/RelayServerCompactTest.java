package io.reactivestore.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.UnsignedEvent;
import io.reactivestore.store.SaveResult;
import io.reactivestore.store.r2dbc.R2dbcEventStore;
import io.reactivestore.store.r2dbc.R2dbcEventStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code RelayServer --compact}: the maintenance run that gives an H2 data directory its space back. */
class RelayServerCompactTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void compactsTheDataDirectoryOfAStoppedRelayAndKeepsItsEvents() throws Exception {
        KeyPair author = KeyPair.generate();
        R2dbcEventStore store = R2dbcEventStores.h2File(dir).block(TIMEOUT);
        for (int i = 0; i < 50; i++) {
            Event note = author.sign(new UnsignedEvent(1_700_000_000L + i, 1, List.of(), "note " + i));
            assertThat(store.save(note).block(TIMEOUT)).isEqualTo(SaveResult.SAVED);
        }
        store.close().block(TIMEOUT);
        long before = Files.size(dir.resolve("events.mv.db"));

        int status = RelayServer.compact(settings("--compact", "--data-dir", dir.toString()));

        assertThat(status).isZero();
        assertThat(Files.size(dir.resolve("events.mv.db"))).isLessThan(before);
        R2dbcEventStore reopened = R2dbcEventStores.h2File(dir).block(TIMEOUT);
        try {
            assertThat(reopened.count(List.of(Filter.builder().build())).block(TIMEOUT))
                    .isEqualTo(50L);
        } finally {
            reopened.close().block(TIMEOUT);
        }
    }

    @Test
    void refusesStoresThatAreNotAnH2Directory() {
        assertThat(RelayServer.compact(settings("--compact", "--in-memory"))).isEqualTo(2);
        assertThat(RelayServer.compact(settings("--compact", "--data-dir", dir.resolve("empty").toString())))
                .isEqualTo(1);
    }

    private static RelayServerSettings settings(String... args) {
        RelayServerSettings settings = RelayServerSettings.parse(args, name -> null);
        assertThat(settings.compact()).isTrue();
        return settings;
    }
}
