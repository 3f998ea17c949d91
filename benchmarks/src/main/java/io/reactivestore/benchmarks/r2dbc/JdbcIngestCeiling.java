package io.reactivestore.benchmarks.r2dbc;

import io.reactivestore.event.Event;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The raw ceiling of ingest on a database: the rows the event store would end with (events and their
 * tag rows) inserted with plain JDBC batches into the store's own schema, one transaction per
 * {@value #EVENTS_PER_TRANSACTION} events, on one connection. No duplicate, tombstone or replacement
 * checks, no reactive layer: what any store on this schema and driver could at best reach here.
 *
 * <p>Replaceable events are reduced beforehand to the newest version of each address (the unique key on
 * {@code addr} would refuse the others), so the ceiling inserts slightly fewer rows than the store saves
 * and never deletes. Harness code: JDBC blocks, and is used only here, never in the library.
 */
final class JdbcIngestCeiling {

    static final int EVENTS_PER_TRANSACTION = 500;

    private JdbcIngestCeiling() {
    }

    /**
     * Inserts {@code events} through {@code c} (an empty schema) and returns the rate in events of the
     * input per second.
     */
    static double run(Connection c, List<Event> events) throws SQLException {
        List<Event> rows = newestPerAddress(events);
        c.setAutoCommit(false);
        long start = System.nanoTime();
        try (PreparedStatement insertEvent = c.prepareStatement(
                "INSERT INTO events (id, pubkey, created_at, kind, addr, json) VALUES (?, ?, ?, ?, ?, ?)");
             PreparedStatement insertTag = c.prepareStatement(
                     "INSERT INTO event_tags (event_id, name, tag_value, created_at) VALUES (?, ?, ?, ?)")) {
            for (int from = 0; from < rows.size(); from += EVENTS_PER_TRANSACTION) {
                for (Event e : rows.subList(from, Math.min(rows.size(), from + EVENTS_PER_TRANSACTION))) {
                    byte[] id = HexFormat.of().parseHex(e.id());
                    insertEvent.setBytes(1, id);
                    insertEvent.setBytes(2, HexFormat.of().parseHex(e.pubkey()));
                    insertEvent.setLong(3, e.createdAt());
                    insertEvent.setInt(4, e.kind());
                    if (e.address() == null) {
                        insertEvent.setNull(5, Types.VARBINARY);
                    } else {
                        insertEvent.setBytes(5, sha256(e.address()));
                    }
                    insertEvent.setBytes(6, e.jsonBytes());
                    insertEvent.addBatch();
                    for (List<String> tag : indexedTags(e)) {
                        insertTag.setBytes(1, id);
                        insertTag.setString(2, tag.get(0));
                        insertTag.setString(3, tag.get(1));
                        insertTag.setLong(4, e.createdAt());
                        insertTag.addBatch();
                    }
                }
                insertEvent.executeBatch();
                insertTag.executeBatch();
                c.commit();
            }
        }
        return events.size() * 1e9 / (System.nanoTime() - start);
    }

    /** {@code events} without the replaceable versions a later or newer one of the same address supersedes. */
    private static List<Event> newestPerAddress(List<Event> events) {
        Map<String, Event> newest = new HashMap<>();
        for (Event e : events) {
            if (e.address() != null) {
                newest.merge(e.address(), e, (a, b) -> b.createdAt() > a.createdAt()
                        || (b.createdAt() == a.createdAt() && b.id().compareTo(a.id()) < 0) ? b : a);
            }
        }
        List<Event> rows = new ArrayList<>(events.size());
        Set<String> ids = new HashSet<>();
        for (Event e : events) {
            if ((e.address() == null || newest.get(e.address()) == e) && ids.add(e.id())) {
                rows.add(e);
            }
        }
        return rows;
    }

    /** The store's tag index entries: the first value of every single-letter tag, once each. */
    private static Set<List<String>> indexedTags(Event e) {
        Set<List<String>> entries = new LinkedHashSet<>();
        e.forEachIndexedTag((name, value) -> entries.add(List.of(name, value)));
        return entries;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
