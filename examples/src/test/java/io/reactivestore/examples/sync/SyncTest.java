package io.reactivestore.examples.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.UnsignedEvent;
import io.reactivestore.relay.server.NostrRelay;
import io.reactivestore.relay.server.RelayOptions;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.lmdb.LmdbEventStore;
import io.reactivestore.store.memory.MemoryEventStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

/** The {@code sync} program against a relay on loopback: it prints progress, and a second run finds nothing to do. */
class SyncTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private NostrRelay relay;

    @AfterEach
    void tearDown() {
        if (relay != null) {
            relay.shutdown().block(TIMEOUT);
        }
    }

    @Test
    void downloadsWhatOnlyTheRelayHasPrintsProgressAndASecondRunFindsNothingMore() {
        KeyPair author = KeyPair.generate();
        List<Event> notes = Flux.range(0, 40)
                .map(i -> author.sign(new UnsignedEvent(1_700_000_000L + i, 1, List.of(), "note " + i)))
                .collectList().block(TIMEOUT);
        EventStore remote = MemoryEventStore.create();
        remote.importEvents(Flux.fromIterable(notes)).block(TIMEOUT);
        relay = NostrRelay.start(remote, RelayOptions.builder().host("127.0.0.1").port(0).build()).block(TIMEOUT);
        EventStore seeded = LmdbEventStore.open(dir).block(TIMEOUT);
        seeded.importEvents(Flux.fromIterable(notes.subList(0, 10))).block(TIMEOUT);
        seeded.close().block(TIMEOUT);
        String[] args = {"--relay", relay.url(), "--data-dir", dir.toString(), "--filter", "{\"kinds\":[1]}", "--no-upload"};

        String first = run(args);
        System.out.print(first);
        assertThat(first).contains("done: 10/10 ids compared").contains("30 missing here").contains("30 downloaded")
                .contains(" events/s");
        String second = run(args);
        assertThat(second).contains("done: 40/40 ids compared").contains("0 missing here").contains("0 downloaded");

        EventStore local = LmdbEventStore.open(dir).block(TIMEOUT);
        try {
            assertThat(local.query(Filter.ALL).collectList().block(TIMEOUT)).containsExactlyInAnyOrderElementsOf(notes);
        } finally {
            local.close().block(TIMEOUT);
        }
    }

    @Test
    void badFlagsExitWithTwo() {
        assertThat(Sync.run(new String[] {"--data-dir"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()))).isEqualTo(2);
        assertThat(Sync.run(new String[0], new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()))).isEqualTo(2);
    }

    private static String run(String[] args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Sync.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }
}
