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

    @Test
    void anInterruptedSyncResumesWithWhatIsStillMissing() {
        List<Event> shared = notes(200, "shared");
        EventStore local = store(shared, List.of());
        EventStore remote = store(shared, notes(90, "remote"));
        NostrRelay relay = harness.start(remote, o -> { });
        RelayClient client = harness.client(relay);
        RelaySync sync = RelaySync.builder(local, client, Filter.builder().build()).upload(false).batchSize(10).build();

        // interrupted (cancelled) once 30 events were saved
        SyncProgress cut = sync.run().takeUntil(p -> p.downloaded() >= 30).blockLast(WAIT);
        assertThat(cut.done()).isFalse();
        int saved = ids(local).size() - 200;
        assertThat(saved).isBetween(30, 89);

        List<SyncProgress> resumed = sync.run().collectList().block(WAIT);
        SyncProgress last = resumed.get(resumed.size() - 1);
        assertThat(last.done()).isTrue();
        assertThat(last.missingLocally()).as("only what the first run did not save").isEqualTo(90 - saved);
        assertThat(last.downloaded()).isEqualTo(90 - saved);
        assertThat(ids(local)).isEqualTo(ids(remote));
    }

    @Test
    void progressCountsIdsComparedUpToTheLocalRecordsAndEventsPerSecond() {
        List<Event> shared = notes(500, "shared");
        EventStore local = store(shared, notes(20, "local"));
        EventStore remote = store(shared, notes(50, "remote"));
        NostrRelay relay = harness.start(remote, o -> o.negentropyFrameSizeLimit(4096));
        RelayClient client = harness.client(relay);

        List<SyncProgress> reports = RelaySync.builder(local, client, Filter.builder().build()).batchSize(10)
                .frameSizeLimit(4096).build().run().collectList().block(WAIT);

        SyncProgress last = reports.get(reports.size() - 1);
        assertThat(last.localRecords()).isEqualTo(520);
        assertThat(last.rounds()).isGreaterThan(1);
        assertThat(reports).extracting(SyncProgress::idsCompared).isSorted();
        assertThat(last.idsCompared()).isEqualTo(520);
        assertThat(reports).filteredOn(p -> p.downloaded() > 0).allMatch(p -> p.eventsPerSecond() > 0);
        assertThat(last.bytesExchanged()).isPositive();
        assertThat(last.toString()).startsWith("done: 520/520 ids compared in ").contains(" events/s");
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
