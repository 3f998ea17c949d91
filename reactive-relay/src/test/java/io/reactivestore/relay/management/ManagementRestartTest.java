package io.reactivestore.relay.management;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.UnsignedEvent;
import io.reactivestore.relay.client.RelayClient;
import io.reactivestore.relay.server.NostrRelay;
import io.reactivestore.relay.server.RelayOptions;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.KeyValueStore;
import io.reactivestore.store.lmdb.LmdbEventStore;
import io.reactivestore.store.r2dbc.R2dbcEventStore;
import io.reactivestore.store.r2dbc.R2dbcEventStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bans, allow lists and the relay's new name survive a restart of the relay on a file store. */
class ManagementRestartTest {

    static final Duration WAIT = Nip86Client.WAIT;

    @TempDir
    Path dir;

    private final KeyPair admin = KeyPair.generate();
    private final KeyPair alice = KeyPair.generate();
    private final KeyPair bob = KeyPair.generate();

    private static final Map<String, Function<Path, EventStore>> OPENERS = Map.of(
            "lmdb", dir -> LmdbEventStore.open(dir).block(WAIT),
            "h2", dir -> R2dbcEventStores.h2File(dir).block(WAIT));

    private static KeyValueStore keyValues(EventStore store) {
        return store instanceof LmdbEventStore lmdb ? lmdb.keyValues() : ((R2dbcEventStore) store).keyValues();
    }

    private NostrRelay start(EventStore store) {
        RelayManagement management = RelayManagement.builder(store, keyValues(store))
                .admins(List.of(admin.publicKey())).open().block(WAIT);
        return NostrRelay.start(store, management.install(RelayOptions.builder().port(0)
                .expirationPurgeInterval(Duration.ZERO).eventsPerSecondPerIp(0)).build()).block(WAIT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lmdb", "h2"})
    void stateSurvivesARestart(String backend) {
        Event offending = alice.sign(UnsignedEvent.of(1, "offending"));
        NostrRelay first = start(OPENERS.get(backend).apply(dir));
        Nip86Client nip86 = new Nip86Client("http://127.0.0.1:" + first.port() + "/", admin);
        RelayClient client = RelayClient.create(first.url());
        try {
            assertThat(client.publish(offending).block(WAIT).accepted()).isTrue();
            assertThat(nip86.call("banpubkey", bob.publicKey(), "spam").status()).isEqualTo(200);
            assertThat(nip86.call("banevent", offending.id(), "illegal").status()).isEqualTo(200);
            assertThat(nip86.call("allowkind", 1).status()).isEqualTo(200);
            assertThat(nip86.call("blockip", "192.0.2.7").status()).isEqualTo(200);
            assertThat(nip86.call("changerelayname", "still renamed").status()).isEqualTo(200);
        } finally {
            client.close().block(WAIT);
            first.shutdown().block(WAIT); // closes the store
        }

        NostrRelay second = start(OPENERS.get(backend).apply(dir));
        nip86 = new Nip86Client("http://127.0.0.1:" + second.port() + "/", admin);
        client = RelayClient.create(second.url());
        try {
            assertThat(client.publish(bob.sign(UnsignedEvent.of(1, "banned"))).block(WAIT).message())
                    .startsWith("blocked:");
            assertThat(client.publish(offending).block(WAIT).message()).startsWith("blocked:");
            assertThat(client.publish(alice.sign(UnsignedEvent.of(7, "+"))).block(WAIT).message())
                    .startsWith("blocked:");
            assertThat(client.publish(alice.sign(UnsignedEvent.of(1, "fine"))).block(WAIT).accepted()).isTrue();
            assertThat(client.fetch(Filter.builder().ids(offending.id()).build()).collectList().block(WAIT)).isEmpty();
            assertThat(nip86.call("listbannedpubkeys").result().get(0).get("reason").asString()).isEqualTo("spam");
            assertThat(nip86.call("listbannedevents").result().get(0).get("id").asString()).isEqualTo(offending.id());
            assertThat(nip86.call("listallowedkinds").result().toString()).isEqualTo("[1]");
            assertThat(nip86.call("listblockedips").result().get(0).get("ip").asString()).isEqualTo("192.0.2.7");
            assertThat(nip86.information().get("name").asString()).isEqualTo("still renamed");
        } finally {
            client.close().block(WAIT);
            second.shutdown().block(WAIT);
        }
    }
}
