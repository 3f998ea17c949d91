package io.reactivestore.store.lmdb;

import io.reactivestore.store.KeyValueStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.lmdbjava.Cursor;
import org.lmdbjava.GetOp;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The key-values of an {@link LmdbEventStore} in its {@code key_values} database: keys are the UTF-8 bytes of
 * namespace, U+0000 and key. Writes go through the store's writer; {@link #entries} reads pages of
 * {@value #PAGE} entries, one short read transaction each.
 */
final class LmdbKeyValues implements KeyValueStore {

    static final int PAGE = 1000;

    private final LmdbEnv db;
    private final Function<Consumer<Mutations>, Mono<Void>> write;
    private final Reader read;

    /** Runs work in a read transaction on a reader thread. */
    interface Reader {
        <T> Mono<T> read(Function<ReadTxn, T> work);
    }

    LmdbKeyValues(LmdbEnv db, Function<Consumer<Mutations>, Mono<Void>> write, Reader read) {
        this.db = db;
        this.write = write;
        this.read = read;
    }

    @Override
    public Mono<Void> put(String namespace, String key, String value) {
        return Mono.defer(() -> {
            KeyValueStore.check(namespace, key, Objects.requireNonNull(value, "value"));
            byte[] k = key(namespace, key);
            byte[] v = value.getBytes(StandardCharsets.UTF_8);
            return write.apply(m -> m.putKeyValue(k, v));
        });
    }

    @Override
    public Mono<Void> delete(String namespace, String key) {
        return Mono.defer(() -> {
            KeyValueStore.check(namespace, key, null);
            byte[] k = key(namespace, key);
            return write.apply(m -> m.deleteKeyValue(k));
        });
    }

    @Override
    public Flux<Map.Entry<String, String>> entries(String namespace) {
        return Flux.defer(() -> {
            KeyValueStore.checkNamespace(namespace);
            byte[] prefix = (namespace + '\0').getBytes(StandardCharsets.UTF_8);
            Page page = new Page(prefix);
            return read.read(page::next).repeat(() -> !page.done).concatMapIterable(entries -> entries, 1);
        });
    }

    private static byte[] key(String namespace, String key) {
        return (namespace + '\0' + key).getBytes(StandardCharsets.UTF_8);
    }

    /** The position of one {@link #entries} stream; read by one reader at a time (the pages are sequential). */
    private final class Page {
        private final byte[] prefix;
        private byte[] from;
        private volatile boolean done;

        Page(byte[] prefix) {
            this.prefix = prefix;
            this.from = prefix;
        }

        List<Map.Entry<String, String>> next(ReadTxn rt) {
            List<Map.Entry<String, String>> out = new ArrayList<>();
            Cursor<byte[]> c = rt.cursor(db.keyValues);
            boolean found = c.get(from, GetOp.MDB_SET_RANGE);
            while (found && out.size() < PAGE) {
                byte[] k = c.key();
                if (k.length < prefix.length || !Arrays.equals(k, 0, prefix.length, prefix, 0, prefix.length)) {
                    found = false;
                    break;
                }
                out.add(Map.entry(new String(k, prefix.length, k.length - prefix.length, StandardCharsets.UTF_8),
                        new String(c.val(), StandardCharsets.UTF_8)));
                from = Arrays.copyOf(k, k.length + 1); // the smallest key after k
                found = c.next();
            }
            done = !found;
            return out;
        }
    }
}
