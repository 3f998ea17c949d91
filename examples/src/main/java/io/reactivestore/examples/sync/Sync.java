package io.reactivestore.examples.sync;

import io.reactivestore.event.Filter;
import io.reactivestore.event.NostrJson;
import io.reactivestore.relay.client.RelayClient;
import io.reactivestore.relay.client.RelaySync;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.lmdb.LmdbEventStore;
import io.reactivestore.store.r2dbc.R2dbcEventStores;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Syncs a local embedded store with a remote relay by NIP-77 negentropy: downloads what only the relay
 * has, uploads what only the local store has (each direction can be turned off), and prints progress
 * (ids compared, events/s) about once a second. Interrupted, it is resumed by running it again: what was
 * transferred is on both sides and is not listed again.
 *
 * <pre>
 * mvn -B -q -pl examples -am -DskipTests package exec:exec -Dexample.main=io.reactivestore.examples.sync.Sync \
 *     -Dexample.args="--relay ws://127.0.0.1:7777/ --data-dir ./sync-data --filter {\"kinds\":[1]} --no-upload"
 * </pre>
 *
 * <p>Flags: {@code --relay URL} (required), {@code --data-dir DIR} (default {@code ./sync-data}),
 * {@code --store lmdb|h2} (default {@code lmdb}), {@code --filter JSON} (default {@code {}}: everything),
 * {@code --no-download}, {@code --no-upload}, {@code --max-records N} (default 1000000).
 */
public final class Sync {

    private Sync() {
    }

    /**
     * Runs one sync and exits: 0 when done, 1 on an error, 2 on bad flags.
     *
     * @param args the flags above
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs one sync: parses the flags, opens the local store, reconciles and transfers, prints a progress
     * line about once a second and the final one (prefixed {@code done: }), and closes the store. Blocks the
     * calling thread until the sync ends.
     *
     * @param args the flags above
     * @param out where progress lines go
     * @param err where errors go
     * @return 0 when done, 1 on an error, 2 on bad flags
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--no-download") || flag.equals("--no-upload")) {
                flags.put(flag, "true");
            } else if (flag.startsWith("--") && i + 1 < args.length) {
                flags.put(flag, args[++i]);
            } else {
                err.println("unknown flag " + flag);
                return 2;
            }
        }
        String url = flags.get("--relay");
        if (url == null) {
            err.println("--relay ws://... is required");
            return 2;
        }
        Filter filter = NostrJson.parseFilter(flags.getOrDefault("--filter", "{}"));
        Path dir = Path.of(flags.getOrDefault("--data-dir", "./sync-data"));
        EventStore store = Objects.requireNonNull("h2".equals(flags.getOrDefault("--store", "lmdb"))
                ? R2dbcEventStores.h2File(dir).block(Duration.ofSeconds(60))
                : LmdbEventStore.open(dir).block(Duration.ofSeconds(60)), "completed empty");
        RelayClient client = RelayClient.create(url);
        int status = 0;
        try {
            long[] lastPrinted = {0};
            RelaySync.builder(store, client, filter)
                    .download(!flags.containsKey("--no-download"))
                    .upload(!flags.containsKey("--no-upload"))
                    .maxRecords(Integer.parseInt(flags.getOrDefault("--max-records", "1000000")))
                    .build()
                    .run()
                    .doOnNext(progress -> {
                        long now = System.nanoTime();
                        if (progress.done() || now - lastPrinted[0] > 1_000_000_000L) {
                            lastPrinted[0] = now;
                            out.println(progress);
                        }
                    })
                    .blockLast(); // unbounded on purpose: this CLI's main thread waits for the whole sync
        } catch (RuntimeException e) {
            err.println("sync failed: " + e);
            status = 1;
        } finally {
            client.closeBlocking();
            store.close().block(Duration.ofSeconds(30));
        }
        return status;
    }
}
