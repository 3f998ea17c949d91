package io.reactivestore.store.lmdb;

import java.nio.charset.StandardCharsets;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.Txn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The on-disk layout version of a store directory, checked and migrated when the environment opens, before any
 * read or write.
 *
 * <ul>
 *   <li><b>Layout 1</b> (until December 2026, no version record): the databases of {@link LmdbEnv} plus
 *       {@code by_author} (pubkey + sort key).
 *   <li><b>Layout 2</b> (now): no {@code by_author}. Its keys were a strict subset of what {@code by_author_kind}
 *       holds (pubkey + kind + sort key), so an author filter now scans one range per (author, kind) the author has
 *       used. Dropping it saves one rewritten leaf page per author per commit. The version is recorded in the
 *       {@code layout} database.
 * </ul>
 *
 * <p><b>Migration 1 -> 2</b> drops {@code by_author} in one write transaction (nothing else changes; the freed pages
 * are reused). <b>Downgrade guard:</b> layout 2 writes a plain key named {@code by_author} into LMDB's main database,
 * so a release that still expects the {@code by_author} database fails to open the directory (LMDB answers
 * {@code MDB_INCOMPATIBLE}) instead of serving author queries from an empty index. A directory of a newer layout
 * than {@link #VERSION} is refused with instructions.
 */
final class LmdbLayout {

    private static final Logger LOG = LoggerFactory.getLogger(LmdbLayout.class);

    /** The layout this code writes and reads. */
    static final int VERSION = 2;
    /** Name of the database that records the version. */
    static final String DATABASE = "layout";
    /** Name of the layout-1 author index, and of layout 2's downgrade guard key in the main database. */
    static final String OLD_BY_AUTHOR = "by_author";

    private static final byte[] VERSION_KEY = "version".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GUARD_VALUE =
            "reactive-store LMDB layout 2: no by_author index (open with a release that reads layout 2)"
                    .getBytes(StandardCharsets.US_ASCII);

    private LmdbLayout() {
    }

    /**
     * Checks the layout of {@code env}, migrating an older one; records {@link #VERSION}.
     *
     * @param env the freshly opened environment (no transaction of it open)
     * @param dir the directory, for messages
     * @throws IllegalStateException if the directory holds a newer layout than this code reads
     */
    static void upgrade(Env<byte[]> env, String dir) {
        Dbi<byte[]> layout = env.openDbi(DATABASE, DbiFlags.MDB_CREATE);
        Dbi<byte[]> main = env.openDbi((byte[]) null);
        try (Txn<byte[]> txn = env.txnWrite()) {
            byte[] recorded = layout.get(txn, VERSION_KEY);
            long version = recorded == null || recorded.length != 8 ? 1 : Keys.getLong(recorded, 0);
            if (version > VERSION) {
                throw new IllegalStateException("LMDB store " + dir + " has on-disk layout " + version
                        + ", written by a newer release; this release reads layouts up to " + VERSION
                        + ": open it with the release that wrote it, or export it there (NDJSON) and import it here");
            }
            if (version < VERSION) {
                byte[] name = OLD_BY_AUTHOR.getBytes(StandardCharsets.US_ASCII);
                if (main.get(txn, name) != null) { // a layout-1 directory with data (a new one has no databases yet)
                    Dbi<byte[]> byAuthor = env.openDbi(txn, name, null, false);
                    long entries = byAuthor.stat(txn).entries;
                    byAuthor.drop(txn, true);
                    LOG.info("LMDB store {}: layout 1 -> {}: dropped the by_author index ({} entries; author filters"
                            + " read by_author_kind)", dir, VERSION, entries);
                }
                main.put(txn, name, GUARD_VALUE);
                byte[] v = new byte[8];
                Keys.putLong(v, 0, VERSION);
                layout.put(txn, VERSION_KEY, v);
                txn.commit();
            }
        }
    }
}
