package io.reactivestore.benchmarks.search;

import io.reactivestore.event.SearchTerms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * How H2 should serve NIP-50 search, measured with plain JDBC on two H2 files holding the same {@code --docs}
 * search texts ({@link SearchTerms#normalized} of {@link SearchCorpus} notes): (a) what the store does, a scan
 * with {@code LOCATE(' term ', search_text) > 0}; (b) H2's built-in full-text index
 * ({@code org.h2.fulltext.FullText}: {@code FT_CREATE_INDEX}, maintained by a trigger on every insert, searched
 * with {@code FT_SEARCH_DATA}). Prints the load time of each and the p50 / p99 latency of the first 20 matches of a
 * rare, a mid-frequency and a common word.
 *
 * <p>Run: {@code mvn -B -q -o -pl benchmarks exec:exec
 * -Dbench.main=io.reactivestore.benchmarks.search.H2SearchComparison -Djmh.args="--docs 200000"}.
 */
public final class H2SearchComparison {

    private H2SearchComparison() {
    }

    /**
     * Runs the comparison.
     *
     * @param args {@code --docs n --queries q}
     * @throws Exception on a database error
     */
    public static void main(String[] args) throws Exception {
        int docs = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        int queries = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        SearchCorpus corpus = new SearchCorpus();
        Path dir = Files.createTempDirectory("h2-search-");
        System.out.printf("H2 search: LOCATE scan vs FullText, %,d docs, %d queries per class%n", docs, queries);
        try (Connection scan = DriverManager.getConnection("jdbc:h2:" + dir.resolve("scan"));
             Connection ft = DriverManager.getConnection("jdbc:h2:" + dir.resolve("ft"))) {
            for (Connection c : new Connection[] {scan, ft}) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE docs (id INT PRIMARY KEY, created_at BIGINT, search_text VARCHAR)");
                }
            }
            try (Statement s = ft.createStatement()) {
                s.execute("CREATE ALIAS IF NOT EXISTS FT_INIT FOR 'org.h2.fulltext.FullText.init'");
                s.execute("CALL FT_INIT()");
                s.execute("CALL FT_CREATE_INDEX('PUBLIC', 'DOCS', 'SEARCH_TEXT')");
            }
            System.out.printf("load: scan table %.1f s, full-text table %.1f s%n", load(scan, corpus, docs),
                    load(ft, corpus, docs));
            SplittableRandom pick = new SplittableRandom(5);
            String[][] classes = {{"rare", "2000", "8000"}, {"mid", "50", "150"}, {"common", "0", "5"}};
            for (String[] c : classes) {
                String[] words = new String[queries];
                for (int i = 0; i < queries; i++) {
                    words[i] = corpus.words[Integer.parseInt(c[1]) + pick.nextInt(Integer.parseInt(c[2]))];
                }
                long[] a = time(words, w -> count(scan, "SELECT id FROM docs WHERE LOCATE(?, search_text) > 0"
                        + " ORDER BY created_at DESC LIMIT 20", " " + w + " "));
                long[] b = time(words, w -> count(ft, "SELECT d.id FROM FT_SEARCH_DATA(?, 0, 0) f JOIN docs d"
                        + " ON d.id = f.KEYS[1] ORDER BY d.created_at DESC LIMIT 20", w));
                System.out.printf("%-6s LOCATE p50 %7.1f ms p99 %7.1f ms | FullText p50 %7.1f ms p99 %7.1f ms%n", c[0],
                        a[a.length / 2] / 1e6, a[a.length - 1] / 1e6, b[b.length / 2] / 1e6, b[b.length - 1] / 1e6);
            }
        }
    }

    private static double load(Connection c, SearchCorpus corpus, int docs) throws SQLException {
        long start = System.nanoTime();
        SplittableRandom random = new SplittableRandom(7);
        c.setAutoCommit(false);
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO docs VALUES (?, ?, ?)")) {
            for (int i = 0; i < docs; i++) {
                insert.setInt(1, i);
                insert.setLong(2, 1_700_000_000L + random.nextInt(31_536_000));
                insert.setString(3, SearchTerms.normalized(corpus.content(random)));
                insert.addBatch();
                if (i % 500 == 499) {
                    insert.executeBatch();
                    c.commit();
                }
            }
            insert.executeBatch();
            c.commit();
        }
        c.setAutoCommit(true);
        return (System.nanoTime() - start) / 1e9;
    }

    private interface Query {
        void run(String word) throws SQLException;
    }

    private static long[] time(String[] words, Query q) throws SQLException {
        q.run(words[0]); // warm-up
        long[] nanos = new long[words.length];
        for (int i = 0; i < words.length; i++) {
            long t0 = System.nanoTime();
            q.run(words[i]);
            nanos[i] = System.nanoTime() - t0;
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private static int count(Connection c, String sql, String param) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, param);
            int n = 0;
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    n++;
                }
            }
            return n;
        }
    }
}
