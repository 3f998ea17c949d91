package io.reactivestore.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.NostrJson;
import io.reactivestore.internal.Hex;
import io.reactivestore.testing.TestEvents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmdbjava.Cursor;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.Txn;
import reactor.core.publisher.Flux;

/**
 * The on-disk layout version ({@link LmdbLayout}): a directory of layout 1 (with the {@code by_author} index, no
 * version record) opens, is migrated, and answers author filters from {@code by_author_kind}; a release expecting
 * {@code by_author} cannot open a migrated directory; a newer layout is refused with instructions.
 */
class LmdbLayoutTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final List<Event> alice = List.of(
            TestEvents.event(TestEvents.ALICE, 1, 1_700_000_010L, "note a"),
            TestEvents.event(TestEvents.ALICE, 7, 1_700_000_020L, "+"),
            TestEvents.event(TestEvents.ALICE, 1111, 1_700_000_030L, "comment"),
            TestEvents.event(TestEvents.ALICE, 1, 1_700_000_040L, "note b"));
    private final Event bob = TestEvents.event(TestEvents.BOB, 1, 1_700_000_050L, "bob");

    private LmdbEventStore open() {
        return LmdbEventStore.builder(dir).initialMapSize(1 << 20).open().block(TIMEOUT);
    }

    private void fill() {
        LmdbEventStore store = open();
        try {
            store.importEvents(Flux.concat(Flux.fromIterable(alice), Flux.just(bob))).block(TIMEOUT);
        } finally {
            store.close().block(TIMEOUT);
        }
    }

    private Env<byte[]> raw() {
        NativeLmdb.load();
        return Env.create(RetainingByteArrayProxy.INSTANCE).setMapSize(1 << 20).setMaxDbs(16)
                .open(dir.toFile(), EnvFlags.MDB_NOTLS);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Rewrites the directory into layout 1: a by_author database (pubkey + sort key of every event), no version. */
    private void downgradeToLayoutOne() {
        try (Env<byte[]> env = raw()) {
            Dbi<byte[]> main = env.openDbi((byte[]) null);
            Dbi<byte[]> events = env.openDbi("events");
            Dbi<byte[]> layout = env.openDbi(LmdbLayout.DATABASE);
            try (Txn<byte[]> txn = env.txnWrite()) {
                main.delete(txn, ascii(LmdbLayout.OLD_BY_AUTHOR));
                layout.drop(txn, true);
                Dbi<byte[]> byAuthor = env.openDbi(txn, ascii(LmdbLayout.OLD_BY_AUTHOR), null, false,
                        DbiFlags.MDB_CREATE);
                List<byte[]> keys = new ArrayList<>();
                try (Cursor<byte[]> c = events.openCursor(txn)) {
                    while (c.next()) {
                        Event e = NostrJson.parseStoredEvent(c.val());
                        keys.add(Keys.join(Hex.decode(e.pubkey()), Keys.sortKey(e, Keys.getLong(c.key(), 0))));
                    }
                }
                for (byte[] key : keys) {
                    byAuthor.put(txn, key, new byte[0]);
                }
                txn.commit();
            }
        }
    }

    private List<String> ids(LmdbEventStore store, Filter f) {
        return store.query(f).map(Event::id).collectList().block(TIMEOUT);
    }

    @Test
    void aLayoutOneDirectoryIsMigratedAndItsAuthorFiltersAnswerFromTheAuthorKindIndex() {
        fill();
        downgradeToLayoutOne();

        LmdbEventStore store = open();
        try {
            assertThat(ids(store, Filter.builder().authors(TestEvents.ALICE.publicKey()).build()))
                    .containsExactly(alice.get(3).id(), alice.get(2).id(), alice.get(1).id(), alice.get(0).id());
            assertThat(ids(store, Filter.builder().authors(TestEvents.ALICE.publicKey()).limit(2).build()))
                    .containsExactly(alice.get(3).id(), alice.get(2).id());
            assertThat(ids(store, Filter.builder().authors(TestEvents.ALICE.publicKey(), TestEvents.BOB.publicKey())
                    .since(1_700_000_020L).until(1_700_000_050L).build()))
                    .containsExactly(bob.id(), alice.get(3).id(), alice.get(2).id(), alice.get(1).id());
            assertThat(store.count(List.of(Filter.builder().authors(TestEvents.ALICE.publicKey()).build()))
                    .block(TIMEOUT)).isEqualTo(4);
            Event later = TestEvents.event(TestEvents.ALICE, 3, 1_700_000_060L, "");
            store.save(later).block(TIMEOUT);
            assertThat(ids(store, Filter.builder().authors(TestEvents.ALICE.publicKey()).limit(1).build()))
                    .containsExactly(later.id());
        } finally {
            store.close().block(TIMEOUT);
        }

        try (Env<byte[]> env = raw()) {
            Dbi<byte[]> main = env.openDbi((byte[]) null);
            Dbi<byte[]> layout = env.openDbi(LmdbLayout.DATABASE);
            try (Txn<byte[]> txn = env.txnRead()) {
                assertThat(Keys.getLong(layout.get(txn, ascii("version")), 0)).isEqualTo(LmdbLayout.VERSION);
                assertThat(new String(main.get(txn, ascii(LmdbLayout.OLD_BY_AUTHOR)), StandardCharsets.US_ASCII))
                        .contains("layout 2");
            }
            // what a layout-1 release does first: open (creating) by_author; the guard key makes it fail
            assertThatThrownBy(() -> env.openDbi(LmdbLayout.OLD_BY_AUTHOR, DbiFlags.MDB_CREATE))
                    .isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    void aNewerLayoutIsRefusedWithInstructions() {
        fill();
        try (Env<byte[]> env = raw()) {
            Dbi<byte[]> layout = env.openDbi(LmdbLayout.DATABASE);
            try (Txn<byte[]> txn = env.txnWrite()) {
                byte[] v = new byte[8];
                Keys.putLong(v, 0, LmdbLayout.VERSION + 1);
                layout.put(txn, ascii("version"), v);
                txn.commit();
            }
        }

        assertThatThrownBy(this::open).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("layout " + (LmdbLayout.VERSION + 1)).hasMessageContaining("export");
        // the refusal released the directory: after restoring the version it opens again
        try (Env<byte[]> env = raw()) {
            Dbi<byte[]> layout = env.openDbi(LmdbLayout.DATABASE);
            try (Txn<byte[]> txn = env.txnWrite()) {
                byte[] v = new byte[8];
                Keys.putLong(v, 0, LmdbLayout.VERSION);
                layout.put(txn, ascii("version"), v);
                txn.commit();
            }
        }
        LmdbEventStore store = open();
        try {
            assertThat(store.count(List.of(Filter.ALL)).block(TIMEOUT)).isEqualTo(5);
        } finally {
            store.close().block(TIMEOUT);
        }
    }

    @Test
    void authorsWithMoreKindPairsThanThePlanScansReadOnlyTheKindsTheyUsed() {
        LmdbEventStore store = open();
        try {
            store.importEvents(Flux.concat(Flux.fromIterable(alice), Flux.just(bob))).block(TIMEOUT);
            Integer[] kinds = IntStream.range(0, 600).boxed().toArray(Integer[]::new); // 2 x 600 > MAX_PAIRS
            Filter f = Filter.builder().authors(TestEvents.ALICE.publicKey(), TestEvents.BOB.publicKey())
                    .kinds(kinds).build();
            assertThat(ids(store, f)).containsExactly(bob.id(), alice.get(3).id(), alice.get(1).id(), alice.get(0).id());
            assertThat(store.count(List.of(f)).block(TIMEOUT)).isEqualTo(4);
        } finally {
            store.close().block(TIMEOUT);
        }
    }
}
