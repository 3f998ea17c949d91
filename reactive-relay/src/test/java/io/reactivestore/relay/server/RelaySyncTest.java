package io.reactivestore.relay.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import io.reactivestore.relay.client.RelayClient;
import io.reactivestore.relay.client.RelaySync;
import io.reactivestore.relay.client.SyncProgress;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.memory.MemoryEventStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** {@link RelaySync} between a local store and a relay over loopback, with signed events. */
class RelaySyncTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final RelayHarness harness = new RelayHarness();
    private final KeyPair alice = KeyPair.generate();
    @AfterEach
    void tearDown() {
        harness.close();
    }

    @Test
    void bothDirectionsLeaveBothSidesWithTheUnionAndASecondRunFindsNothing() {
        List<Event> shared = notes(300, "shared");
        List<Event> onlyLocal = notes(40, "local");
        List<Event> onlyRemote = notes(60, "remote");
        EventStore local = store(shared, onlyLocal);
        EventStore remote = store(shared, onlyRemote);
        NostrRelay relay = harness.start(remote, o -> { });
        RelayClient client = harness.client(relay);
        Filter filter = Filter.builder().authors(alice.publicKey()).build();

        List<SyncProgress> reports = RelaySync.builder(local, client, filter).batchSize(25).build().run()
                .collectList().block(WAIT);

        SyncProgress last = reports.get(reports.size() - 1);
        assertThat(last.done()).isTrue();
        assertThat(last.missingLocally()).isEqualTo(60);
        assertThat(last.missingRemotely()).isEqualTo(40);
        assertThat(last.downloaded()).isEqualTo(60);
        assertThat(last.uploaded()).isEqualTo(40);
        assertThat(last.uploadsRefused()).isZero();
        assertThat(last.idsCompared()).isPositive();
        assertThat(ids(local)).isEqualTo(ids(remote)).hasSize(400);

        SyncProgress again = RelaySync.builder(local, client, filter).build().run().blockLast(WAIT);
        assertThat(again.missingLocally()).isZero();
        assertThat(again.missingRemotely()).isZero();
    }

    @Test
    void downloadOnlyLeavesTheRelayAlone() {
        List<Event> shared = notes(50, "shared");
        EventStore local = store(shared, notes(5, "local"));
        EventStore remote = store(shared, notes(7, "remote"));
        NostrRelay relay = harness.start(remote, o -> { });
        RelayClient client = harness.client(relay);

        SyncProgress last = RelaySync.builder(local, client, Filter.builder().build()).upload(false).build().run()
                .blockLast(WAIT);

        assertThat(last.downloaded()).isEqualTo(7);
        assertThat(last.uploaded()).isZero();
        assertThat(ids(local)).hasSize(62);
        assertThat(ids(remote)).hasSize(57);
    }

    private List<Event> notes(int n, String prefix) {
        List<Event> out = new ArrayList<>(n);
        long now = RelayHarness.now();
        for (int i = 0; i < n; i++) {
            out.add(RelayHarness.signed(alice, 1, now - i % 17, prefix + " " + i, List.of()));
        }
        return out;
    }

    private static EventStore store(List<Event> a, List<Event> b) {
        EventStore store = MemoryEventStore.create();
        store.importEvents(Flux.concat(Flux.fromIterable(a), Flux.fromIterable(b))).block(WAIT);
        return store;
    }

    private static Set<String> ids(EventStore store) {
        return new HashSet<>(store.export().map(Event::id).collectList().block(WAIT));
    }
}
