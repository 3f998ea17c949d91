package io.reactivestore.relay.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import io.reactivestore.store.feed.ChangeFeed;
import io.reactivestore.store.r2dbc.postgres.PostgresNotifications;
import io.reactivestore.store.r2dbc.R2dbcEventStore;
import io.reactivestore.store.r2dbc.R2dbcEventStores;
import io.reactivestore.testing.TestDatabases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Replaceable and deletion races over random interleavings: three relay nodes on one PostgreSQL database,
 * the versions of an addressable event, a NIP-09 request deleting that address up to a random time, a note
 * and a request deleting it by id, all published at once on random nodes in a random order. Every node
 * must end in the state the rules define whatever the interleaving: the newest version newer than the
 * address deletion (or none), and neither the deleted note nor any older version coming back.
 */
@Tag("integration")
class ClusterRacePropertiesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int VERSIONS = 5;

    private static TestDatabases.PostgresDatabase db;
    private static final List<NostrRelay> NODES = new ArrayList<>();
    private static final List<RawClient> PUBLISHERS = new ArrayList<>();
    private static final List<RawClient> READERS = new ArrayList<>();

    @BeforeContainer
    static void startNodes() {
        db = TestDatabases.freshPostgres();
        for (int n = 0; n < 3; n++) {
            R2dbcEventStore store = R2dbcEventStores.postgres(db.host(), db.port(), db.database(), db.user(),
                    db.password()).block(TIMEOUT);
            PostgresqlConnectionFactory listen = new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration
                    .builder().host(db.host()).port(db.port()).database(db.database()).username(db.user())
                    .password(db.password()).applicationName("listen-" + n).build());
            NostrRelay relay = NostrRelay.start(store, RelayOptions.builder().host("127.0.0.1").port(0)
                    .eventsPerSecondPerIp(0).clusterNode("n" + n)
                    .externalEvents(ChangeFeed.builder(store).wakeUps(PostgresNotifications.wakeUps(listen))
                            .build().foreignEvents())
                    .build()).block(TIMEOUT);
            NODES.add(relay);
            PUBLISHERS.add(RawClient.connect(relay.url()));
            READERS.add(RawClient.connect(relay.url()));
        }
    }

    @AfterContainer
    static void stopNodes() {
        PUBLISHERS.forEach(RawClient::close);
        READERS.forEach(RawClient::close);
        NODES.forEach(n -> n.shutdown().block(TIMEOUT));
        NODES.clear();
        PUBLISHERS.clear();
        READERS.clear();
        db.drop();
    }

    @Property(tries = 15, seed = "14")
    void everyNodeEndsInTheStateTheRulesDefineWhateverTheInterleaving(
            @ForAll @Size(VERSIONS + 3) List<@IntRange(min = 0, max = 2) Integer> nodeOf,
            @ForAll @IntRange(min = -1, max = VERSIONS) int addressDeletedUpTo,
            @ForAll Random order) {
        KeyPair keys = KeyPair.generate();
        long base = RelayHarness.now() - 1000;
        List<Event> versions = new ArrayList<>();
        for (int v = 0; v < VERSIONS; v++) {
            versions.add(RelayHarness.signed(keys, 30_000, base + v, "v" + v, List.of(List.of("d", "x"))));
        }
        String address = "30000:" + keys.publicKey() + ":x";
        Event addressDeletion = RelayHarness.signed(keys, 5, base + addressDeletedUpTo, "",
                List.of(List.of("a", address)));
        Event note = RelayHarness.signed(keys, 1, base, "doomed", List.of());
        Event noteDeletion = RelayHarness.signed(keys, 5, base + 1, "", List.of(List.of("e", note.id())));
        List<Event> all = new ArrayList<>(versions);
        all.add(addressDeletion);
        all.add(note);
        all.add(noteDeletion);
        Collections.shuffle(all, order);

        Map<RawClient, List<String>> sent = new HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            RawClient via = PUBLISHERS.get(nodeOf.get(i));
            via.publish(all.get(i));
            sent.computeIfAbsent(via, k -> new ArrayList<>()).add(all.get(i).id());
        }
        sent.forEach(RawClient::awaitOks);

        List<Event> expected = addressDeletedUpTo >= VERSIONS - 1 ? List.of() : List.of(versions.get(VERSIONS - 1));
        String sub = "s" + Long.toHexString(order.nextLong());
        for (int n = 0; n < 3; n++) {
            RawClient reader = READERS.get(n);
            assertThat(reader.query(sub, Filter.builder().kinds(30_000).authors(keys.publicKey()).build()))
                    .as("node %d: the newest version newer than the address deletion, or none", n)
                    .containsExactlyElementsOf(expected);
            reader.send("[\"CLOSE\",\"" + sub + "\"]");
            assertThat(reader.query(sub + "n", Filter.builder().ids(note.id()).build()))
                    .as("node %d: the deleted note is gone", n).isEmpty();
            reader.send("[\"CLOSE\",\"" + sub + "n\"]");
        }
        RawClient again = PUBLISHERS.get(nodeOf.get(0));
        List<Event> refused = new ArrayList<>(versions.subList(0, Math.min(VERSIONS, addressDeletedUpTo + 1)));
        refused.add(note);
        for (Event e : refused) {
            again.publish(e);
        }
        again.awaitOks(refused.stream().map(Event::id).toList()).forEach((id, ok) ->
                assertThat(ok.accepted()).as("a deleted event or version cannot come back: %s", ok).isFalse());
    }
}
