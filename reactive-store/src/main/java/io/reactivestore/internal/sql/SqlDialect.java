package io.reactivestore.internal.sql;

import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import io.reactivestore.internal.Hex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Everything in which the SQL of H2 and PostgreSQL differs, in one place: the migration folder (DDL and
 * column types, such as {@code VARBINARY} vs {@code BYTEA}, live in per-dialect scripts, see
 * {@link Migrations}), "insert unless the key exists", "insert or update", bulk inserts and
 * {@code IN} conditions, bind markers and the classification of errors. Everything else components
 * write is SQL both databases accept; read binary columns as {@code byte[]}.
 *
 * <p>Both dialects bind by index with markers {@code $1, $2, ...} (r2dbc-h2 accepts them too).
 */
public enum SqlDialect {

    /** H2 2.x (embedded: file or in-memory). */
    H2("h2") {
        @Override
        public String insertIgnoringDuplicate(String table, List<String> columns, List<String> keyColumns,
                                              int firstMarker) {
            // MERGE ... USING (VALUES ...) would type the markers as text; here each marker takes its
            // type from the column it is compared with or inserted into
            StringJoiner select = new StringJoiner(", ");
            StringJoiner where = new StringJoiner(" AND ");
            for (int i = 0; i < columns.size(); i++) {
                select.add(marker(firstMarker + i));
                if (keyColumns.contains(columns.get(i))) {
                    where.add(columns.get(i) + " = " + marker(firstMarker + i));
                }
            }
            return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") SELECT " + select
                    + " WHERE NOT EXISTS (SELECT 1 FROM " + table + " WHERE " + where + ")";
        }

        @Override
        public String upsert(String table, List<String> columns, List<String> keyColumns, int firstMarker) {
            StringBuilder sql = new StringBuilder("MERGE INTO ").append(table).append(" (")
                    .append(String.join(", ", columns)).append(") KEY (").append(String.join(", ", keyColumns))
                    .append(") VALUES ");
            appendValueRow(sql, columns.size(), firstMarker);
            return sql.toString();
        }

        @Override
        public void appendIn(SqlBuilder q, String column, SqlType type, List<?> values) {
            q.sql(column).sql(" IN ").params(values);
        }

        @Override
        public List<SqlBuilder> insertRows(String table, List<String> columns, List<SqlType> types,
                                           List<Object[]> rows) {
            // multi-row VALUES of a fixed size, so most statements repeat the same text and H2's
            // statement cache hits; r2dbc's Statement.add() (one binding per row) is slower
            int perStatement = Math.max(1, H2_PARAMS_PER_INSERT / columns.size());
            String head = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ";
            List<SqlBuilder> statements = new ArrayList<>();
            for (int from = 0; from < rows.size(); from += perStatement) {
                SqlBuilder q = new SqlBuilder(this).sql(head);
                for (int r = from; r < Math.min(rows.size(), from + perStatement); r++) {
                    Object[] row = rows.get(r);
                    q.sql(r == from ? "(" : ", (");
                    for (int c = 0; c < row.length; c++) {
                        q.sql(c == 0 ? "" : ", ");
                        if (row[c] == null) {
                            q.sql("NULL");
                        } else {
                            q.param(row[c]);
                        }
                    }
                    q.sql(")");
                }
                statements.add(q);
            }
            return statements;
        }

        @Override
        public void appendSearchMatch(SqlBuilder q, String searchText, List<String> terms) {
            // a scan of the search texts: H2's FullText loaded 13x slower and lost on all but rare words (BENCHMARKS.md)
            q.sql("(");
            for (int i = 0; i < terms.size(); i++) {
                q.sql(i == 0 ? "LOCATE(" : " AND LOCATE(").param(" " + terms.get(i) + " ").sql(", ")
                        .sql(searchText).sql(") > 0");
            }
            q.sql(")");
        }

        @Override
        public void appendSearchRank(SqlBuilder q, String searchText, List<String> terms) {
            q.sql("REACTIVE_STORE_SEARCH_SCORE(").sql(searchText).sql(", ").param(String.join(" ", terms)).sql(")");
        }
    },

    /** PostgreSQL 12 or later. */
    POSTGRESQL("postgresql") {
        @Override
        public String insertIgnoringDuplicate(String table, List<String> columns, List<String> keyColumns,
                                              int firstMarker) {
            StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (")
                    .append(String.join(", ", columns)).append(") VALUES ");
            appendValueRow(sql, columns.size(), firstMarker);
            return sql.append(" ON CONFLICT (").append(String.join(", ", keyColumns)).append(") DO NOTHING")
                    .toString();
        }

        @Override
        public String upsert(String table, List<String> columns, List<String> keyColumns, int firstMarker) {
            StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (")
                    .append(String.join(", ", columns)).append(") VALUES ");
            appendValueRow(sql, columns.size(), firstMarker);
            sql.append(" ON CONFLICT (").append(String.join(", ", keyColumns)).append(") DO ");
            StringJoiner set = new StringJoiner(", ");
            columns.stream().filter(c -> !keyColumns.contains(c)).forEach(c -> set.add(c + " = EXCLUDED." + c));
            return sql.append(set.length() == 0 ? "NOTHING" : "UPDATE SET " + set).toString();
        }

        @Override
        public void appendIn(SqlBuilder q, String column, SqlType type, List<?> values) {
            q.sql(column).sql(" = ANY(");
            appendArray(q, type, values);
            q.sql(")");
        }

        @Override
        public List<SqlBuilder> insertRows(String table, List<String> columns, List<SqlType> types,
                                           List<Object[]> rows) {
            if (rows.isEmpty()) {
                return List.of();
            }
            // one statement, one array per column: the text never changes (parsed once per connection)
            // and a batch is a handful of parameters however many rows it has
            SqlBuilder q = new SqlBuilder(this).sql("INSERT INTO " + table + " (" + String.join(", ", columns)
                    + ") SELECT * FROM unnest(");
            for (int c = 0; c < columns.size(); c++) {
                List<Object> column = new ArrayList<>(rows.size());
                for (Object[] row : rows) {
                    column.add(row[c]);
                }
                q.sql(c == 0 ? "" : ", ");
                appendArray(q, types.get(c), column);
            }
            return List.of(q.sql(")"));
        }

        /**
         * One array parameter with its cast. r2dbc-postgresql 1.1 writes {@code byte[][]} as an array
         * literal without escaping the backslash of {@code \x}, so PostgreSQL stores the hex digits as
         * text: binary arrays are bound as an array literal built here and cast from text.
         */
        private void appendArray(SqlBuilder q, SqlType type, List<?> values) {
            switch (type) {
                case BINARY -> q.param(byteaArrayLiteral(values)).sql("::text::bytea[]");
                case BIGINT -> q.param(values.toArray(new Long[0])).sql("::int8[]");
                case INT -> q.param(values.toArray(new Integer[0])).sql("::int4[]");
                case TEXT -> q.param(values.toArray(new String[0])).sql("::text[]");
            }
        }

        /** {@code {"\\x0a1b..",NULL,...}}: sized exactly, written once (these hold every event's JSON). */
        private static String byteaArrayLiteral(List<?> values) {
            int length = 2 + Math.max(0, values.size() - 1);
            for (Object value : values) {
                length += value == null ? NULL_ELEMENT.length : 5 + 2 * ((byte[]) value).length;
            }
            byte[] literal = new byte[length];
            int at = 0;
            literal[at++] = '{';
            for (Object value : values) {
                if (at > 1) {
                    literal[at++] = ',';
                }
                if (value == null) {
                    System.arraycopy(NULL_ELEMENT, 0, literal, at, NULL_ELEMENT.length);
                    at += NULL_ELEMENT.length;
                } else {
                    literal[at++] = '"';
                    literal[at++] = '\\';
                    literal[at++] = '\\';
                    literal[at++] = 'x';
                    at = Hex.encodeInto((byte[]) value, literal, at);
                    literal[at++] = '"';
                }
            }
            literal[at] = '}';
            return new String(literal, StandardCharsets.ISO_8859_1);
        }

        @Override
        public void appendSearchMatch(SqlBuilder q, String searchText, List<String> terms) {
            // the expression of the GIN index events_search, so the index serves the condition
            q.sql("to_tsvector('simple', ").sql(searchText).sql(") @@ plainto_tsquery('simple', ")
                    .param(String.join(" ", terms)).sql(")");
        }

        @Override
        public void appendSearchRank(SqlBuilder q, String searchText, List<String> terms) {
            // exact occurrences (ts_rank weighs by position and caps positions, so it cannot agree with the
            // other backends); tokens are space-separated in the search text, so each word is one element
            q.sql("(");
            for (int i = 0; i < terms.size(); i++) {
                q.sql(i == 0 ? "" : " + ").sql("COALESCE(cardinality(array_positions(string_to_array(")
                        .sql(searchText).sql(", ' '), CAST(").param(terms.get(i)).sql(" AS text))), 0)");
            }
            q.sql(")");
        }
    };

    /** A NULL element of an array literal. */
    private static final byte[] NULL_ELEMENT = "NULL".getBytes(StandardCharsets.US_ASCII);
    /** Most parameters in one H2 multi-row {@code INSERT} of {@link #insertRows}. */
    private static final int H2_PARAMS_PER_INSERT = 1000;

    /** SQLSTATE of a unique-key violation, the same in both databases. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final String folder;

    SqlDialect(String folder) {
        this.folder = folder;
    }

    /** The folder holding this dialect's migration scripts: {@code h2} or {@code postgresql}. */
    public String folder() {
        return folder;
    }

    /**
     * A statement that, run first in a transaction, makes every other transaction running it with the
     * same {@code name} (a lowercase identifier) wait until this one ends; {@code null} when this
     * dialect needs none. PostgreSQL: a transaction-scoped advisory lock (concurrent
     * {@code CREATE TABLE IF NOT EXISTS} of one table can otherwise fail with "type already exists");
     * H2: {@code null}, because an H2 database lives in one JVM and {@link Migrations} serialises there.
     */
    public @Nullable String schemaChangeLock(String name) {
        return this == POSTGRESQL ? "SELECT pg_advisory_xact_lock(hashtext('" + name + "'))" : null;
    }

    /**
     * Whether schema changes of one database must run one at a time within this JVM, because the
     * database cannot run DDL on one table from two sessions at once and has no lock for it
     * ({@link #schemaChangeLock} is {@code null}): H2, whose databases live in one JVM; not PostgreSQL.
     *
     * @return whether {@link Migrations} serialises runs per database in this JVM
     */
    public boolean serializesSchemaChangesInJvm() {
        return this == H2;
    }

    /**
     * The statement that forces every committed transaction of a file database to the device, for
     * databases whose commits are not durable by themselves: H2's {@code CHECKPOINT SYNC}; {@code null} for
     * PostgreSQL, whose commits are durable when acknowledged.
     *
     * @return the statement, or {@code null} when commits are already durable
     */
    public @Nullable String forceToDiskStatement() {
        return this == H2 ? "CHECKPOINT SYNC" : null;
    }

    /**
     * The binary column type holding up to {@code maxLength} bytes, for casts: H2 {@code VARBINARY(n)},
     * PostgreSQL {@code BYTEA}.
     */
    public String binaryType(int maxLength) {
        return this == POSTGRESQL ? "BYTEA" : "VARBINARY(" + maxLength + ")";
    }

    /**
     * A statement that, run first in a write transaction, orders it against other transactions touching
     * the same events: transaction-scoped advisory locks on {@code keys} (64-bit, from the event ids),
     * shared for saves (which do not conflict with each other) or exclusive for a deletion, so that a
     * deletion and a save of the same id on two connections cannot both miss each other (the save not
     * seeing the tombstone, the deletion not seeing the uncommitted row). PostgreSQL only; H2 returns
     * {@code null} (one writer per database, in one JVM). Keys are taken in ascending order. The statement
     * also calls {@code txid_current()}, so the transaction has its number before it draws any sequence
     * number (the change feed's transaction horizon relies on that order; see {@link #assignTransaction}).
     */
    public @Nullable SqlBuilder eventLocks(List<Long> keys, boolean shared) {
        if (this != POSTGRESQL || keys.isEmpty()) {
            return null;
        }
        List<Long> sorted = keys.stream().distinct().sorted().toList();
        return new SqlBuilder(this).sql("SELECT txid_current(), count(" + (shared ? "pg_advisory_xact_lock_shared"
                        : "pg_advisory_xact_lock") + "(k)) FROM (SELECT unnest(")
                .param(sorted.toArray(new Long[0])).sql("::int8[]) AS k ORDER BY 1) keys");
    }

    /**
     * A statement that, run first in a write transaction that takes no {@link #eventLocks}, gives the
     * transaction its number before it draws any sequence number: PostgreSQL {@code SELECT txid_current()}
     * (a change feed waits for the transactions running when it saw a number skipped, which only works if
     * a transaction that draws a number already had its transaction number); H2: {@code null}.
     */
    public @Nullable SqlBuilder assignTransaction() {
        return this == POSTGRESQL ? new SqlBuilder(this).sql("SELECT txid_current()") : null;
    }

    /** The bind marker of the parameter at 1-based {@code position}: {@code $position}. */
    public String marker(int position) {
        return "$" + position;
    }

    /** {@code LIMIT $l OFFSET $o} with the markers at the given 1-based positions (both databases accept it). */
    public String limitOffset(int limitPosition, int offsetPosition) {
        return "LIMIT " + marker(limitPosition) + " OFFSET " + marker(offsetPosition);
    }

    /**
     * A statement inserting one row of {@code columns} unless a row with the same {@code keyColumns} (a
     * unique key) exists; markers numbered from {@code firstMarker} in column order (use
     * {@code Statement.add()} for many rows). PostgreSQL: {@code ON CONFLICT DO NOTHING}, safe under
     * concurrency; H2: {@code INSERT ... SELECT ... WHERE NOT EXISTS}, which a concurrent writer may still
     * turn into a unique violation ({@link #isUniqueViolation}).
     */
    public abstract String insertIgnoringDuplicate(String table, List<String> columns, List<String> keyColumns,
                                                   int firstMarker);

    /**
     * A statement inserting one row, or updating the row with the same {@code keyColumns}; markers
     * numbered from {@code firstMarker}. PostgreSQL: {@code ON CONFLICT DO UPDATE}; H2: {@code MERGE ... KEY}.
     */
    public abstract String upsert(String table, List<String> columns, List<String> keyColumns, int firstMarker);

    /**
     * Appends to {@code q} a condition true when {@code column} equals one of {@code values} (non-empty,
     * non-null, of {@code type}'s Java type). PostgreSQL: {@code column = ANY($n::type[])}, one array
     * parameter, so the text is the same for any number of values; H2: {@code column IN ($1, ...)}.
     */
    public abstract void appendIn(SqlBuilder q, String column, SqlType type, List<?> values);

    /**
     * The statements inserting {@code rows} into {@code table}, run in order: each row holds one value of
     * the matching type per column ({@code null} for SQL NULL). PostgreSQL: one
     * {@code INSERT ... SELECT * FROM unnest($1::type[], ...)} binding one array per column; H2:
     * multi-row {@code VALUES} of a fixed number of rows.
     */
    public abstract List<SqlBuilder> insertRows(String table, List<String> columns, List<SqlType> types,
                                                List<Object[]> rows);

    /**
     * Appends to {@code q} a condition true when the search text column {@code searchText} (an event's content
     * words as {@code io.reactivestore.event.SearchTerms} writes them: {@code " word word "}) holds every one
     * of {@code terms} as a word. Each term is bound as a parameter, never spliced into the SQL. PostgreSQL:
     * {@code to_tsvector('simple', searchText) @@ plainto_tsquery('simple', $n)}, served by the GIN index
     * {@code events_search}; H2: {@code LOCATE(' term ', searchText) > 0} for each term (a scan).
     *
     * @param q the statement
     * @param searchText the column expression, such as {@code e.search_text}
     * @param terms the search terms: non-empty, lowercase runs of letters, digits and marks
     */
    public abstract void appendSearchMatch(SqlBuilder q, String searchText, List<String> terms);

    /**
     * Appends to {@code q} the score of a match of {@link #appendSearchMatch}, higher better: exactly
     * {@code SearchTerms.score}, how often the terms occur as words. PostgreSQL: the sum over terms of
     * {@code cardinality(array_positions(string_to_array(searchText, ' '), term))}; H2:
     * {@code REACTIVE_STORE_SEARCH_SCORE}, how often the terms occur (the
     * in-memory store's score).
     *
     * @param q the statement
     * @param searchText the column expression, such as {@code e.search_text}
     * @param terms the search terms, as for {@link #appendSearchMatch}
     */
    public abstract void appendSearchRank(SqlBuilder q, String searchText, List<String> terms);

    /** Whether {@code error} is a unique-key violation (SQLSTATE 23505). */
    public boolean isUniqueViolation(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof R2dbcException r && UNIQUE_VIOLATION.equals(r.getSqlState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code error} means the database cannot be reached or used right now (connection refused
     * or lost, server shutting down, database closed, timeouts): what callers report as
     * unavailable ({@link SqlDatabase#unavailable}) and may retry.
     */
    public boolean isUnavailable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof R2dbcNonTransientResourceException || t instanceof R2dbcTransientResourceException
                    || t instanceof R2dbcTimeoutException || t instanceof IOException
                    || t instanceof TimeoutException) {
                return true;
            }
            if (t instanceof R2dbcException r && isUnavailableState(r.getSqlState(), r.getErrorCode())) {
                return true;
            }
            if (t instanceof IllegalStateException && t.getMessage() != null
                    && t.getMessage().contains("closed")) {
                return true; // r2dbc-pool / r2dbc-h2 on a closed connection or disposed pool
            }
        }
        return false;
    }

    private static boolean isUnavailableState(String sqlState, int errorCode) {
        if (sqlState != null && (sqlState.startsWith("08") || sqlState.startsWith("57")
                || sqlState.startsWith("53") || sqlState.startsWith("58"))) {
            return true; // connection exception, operator intervention, insufficient resources, system error
        }
        // H2: 90098 database closed, 90121 database called at shutdown, 90067 connection broken
        return errorCode == 90098 || errorCode == 90121 || errorCode == 90067;
    }

    private static void appendValueRow(StringBuilder sql, int columns, int firstMarker) {
        sql.append('(');
        for (int c = 0; c < columns; c++) {
            sql.append(c == 0 ? "$" : ", $").append(firstMarker + c);
        }
        sql.append(')');
    }
}
