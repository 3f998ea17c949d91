package io.reactivestore.benchmarks.r2dbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Which PostgreSQL tag index serves Nostr tag filters better: the store's tag table
 * ({@code event_tags(name, tag_value, created_at, event_id)} with a B-tree in {@code created_at} order)
 * or a {@code text[]} column of {@code "name:value"} entries on {@code events} with a GIN index.
 * Both schemas get the same rows in the same run (plain JDBC, batches of 1 000 rows per transaction);
 * printed: load time, size on disk, and query latency for {@code kind + #t + limit 50} on a rare tag
 * (one of 200 topics) and on a tag half of all notes carry.
 *
 * <p>Run: {@code mvn -B -q -pl benchmarks -am -DskipTests -Dexamples.exec.skip=true package exec:exec
 * -Dbench.main=io.reactivestore.benchmarks.r2dbc.TagIndexComparison -Dbench.jvmArgs="-Xmx1g -Dbench.rows=500000"}.
 */
public final class TagIndexComparison {

    private static final int BATCH = 1000;

    private TagIndexComparison() {
    }

    public static void main(String[] args) throws Exception {
        int rows = Integer.getInteger("bench.rows", 500_000);
        int queries = Integer.getInteger("bench.queries", 300);
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setLocaleConfig("locale", "C").start();
             Connection c = pg.getPostgresDatabase().getConnection()) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE ev_a (id BYTEA PRIMARY KEY, created_at BIGINT NOT NULL, kind INT NOT NULL,"
                        + " json BYTEA NOT NULL)");
                s.execute("CREATE TABLE tags_a (event_id BYTEA NOT NULL REFERENCES ev_a (id) ON DELETE CASCADE,"
                        + " name CHAR(1) COLLATE \"C\" NOT NULL, tag_value TEXT COLLATE \"C\" NOT NULL,"
                        + " created_at BIGINT NOT NULL)");
                s.execute("CREATE INDEX tags_a_value ON tags_a (name, tag_value, created_at DESC, event_id)");
                s.execute("CREATE INDEX tags_a_event ON tags_a (event_id)");
                s.execute("CREATE TABLE ev_b (id BYTEA PRIMARY KEY, created_at BIGINT NOT NULL, kind INT NOT NULL,"
                        + " json BYTEA NOT NULL, tags TEXT[] COLLATE \"C\" NOT NULL)");
                s.execute("CREATE INDEX ev_b_tags ON ev_b USING GIN (tags)");
            }
            c.setAutoCommit(false);
            System.out.printf(Locale.ROOT, "%,d rows (85%% kind 1 with #t of 200 topics, half of them also #t popular)%n",
                    rows);
            double a = load(c, rows, true);
            double b = load(c, rows, false);
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE");
            }
            System.out.printf(Locale.ROOT, "load: tag table %.1f s, %d MiB; text[] + GIN %.1f s, %d MiB%n",
                    a, size(c, "ev_a") + size(c, "tags_a"), b, size(c, "ev_b"));
            String tableQuery = "SELECT e.json FROM tags_a d JOIN ev_a e ON e.id = d.event_id"
                    + " WHERE d.name = 't' AND d.tag_value = ? AND e.kind = 1"
                    + " ORDER BY d.created_at DESC, d.event_id LIMIT 50";
            String ginQuery = "SELECT json FROM ev_b WHERE tags @> ARRAY[?]::text[] AND kind = 1"
                    + " ORDER BY created_at DESC, id LIMIT 50";
            for (String tag : new String[] {"rare", "popular"}) {
                report(c, "tag table", tag, tableQuery, false, queries);
                report(c, "text[] + GIN", tag, ginQuery, true, queries);
            }
        }
    }

    /** Loads the same pseudo-random rows into schema A (tag table) or B (array column); returns seconds. */
    private static double load(Connection c, int rows, boolean tagTable) throws SQLException {
        SplittableRandom random = new SplittableRandom(7);
        byte[] json = new byte[400];
        long start = System.nanoTime();
        try (PreparedStatement events = c.prepareStatement(tagTable
                ? "INSERT INTO ev_a VALUES (?, ?, ?, ?)" : "INSERT INTO ev_b VALUES (?, ?, ?, ?, ?)");
             PreparedStatement tags = c.prepareStatement("INSERT INTO tags_a VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < rows; i++) {
                byte[] id = new byte[32];
                random.nextBytes(id);
                long createdAt = 1_700_000_000L + random.nextInt(31_536_000);
                boolean note = random.nextInt(100) < 85;
                String topic = "topic" + random.nextInt(200);
                boolean popular = note && random.nextBoolean();
                events.setBytes(1, id);
                events.setLong(2, createdAt);
                events.setInt(3, note ? 1 : 7);
                events.setBytes(4, json);
                if (tagTable) {
                    events.addBatch();
                    if (note) {
                        addTag(tags, id, topic, createdAt);
                        if (popular) {
                            addTag(tags, id, "popular", createdAt);
                        }
                    }
                } else {
                    String[] values = !note ? new String[0]
                            : popular ? new String[] {"t:" + topic, "t:popular"} : new String[] {"t:" + topic};
                    events.setArray(5, c.createArrayOf("text", values));
                    events.addBatch();
                }
                if (i % BATCH == BATCH - 1 || i == rows - 1) {
                    events.executeBatch();
                    if (tagTable) {
                        tags.executeBatch();
                    }
                    c.commit();
                }
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static void addTag(PreparedStatement tags, byte[] id, String value, long createdAt) throws SQLException {
        tags.setBytes(1, id);
        tags.setString(2, "t");
        tags.setString(3, value);
        tags.setLong(4, createdAt);
        tags.addBatch();
    }

    private static long size(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT pg_total_relation_size('" + table + "')")) {
            r.next();
            return r.getLong(1) >> 20;
        }
    }

    private static void report(Connection c, String schema, String tag, String sql, boolean prefixed, int n)
            throws SQLException {
        SplittableRandom random = new SplittableRandom(11);
        long[] nanos = new long[n];
        try (PreparedStatement q = c.prepareStatement(sql)) {
            for (int i = -n / 5; i < n; i++) {
                String value = tag.equals("popular") ? "popular" : "topic" + random.nextInt(200);
                q.setString(1, prefixed ? "t:" + value : value);
                long t0 = System.nanoTime();
                int rows = 0;
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        rows++;
                    }
                }
                if (i >= 0) {
                    nanos[i] = System.nanoTime() - t0;
                }
                if (rows != 50) {
                    throw new IllegalStateException(schema + " returned " + rows + " rows");
                }
            }
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "%-13s %-8s kind + #t + limit 50: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms%n",
                schema, tag, nanos[n / 2] / 1e6, nanos[n * 9 / 10] / 1e6, nanos[n * 99 / 100] / 1e6);
    }
}
