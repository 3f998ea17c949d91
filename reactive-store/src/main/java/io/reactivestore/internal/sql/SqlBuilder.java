package io.reactivestore.internal.sql;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Builds a parameterized statement: SQL text with bind markers, and the values they stand for. Values
 * never enter the SQL text, so nothing a user sends can change a statement's meaning. Not thread-safe.
 */
public final class SqlBuilder {

    private final SqlDialect dialect;
    private final StringBuilder sql = new StringBuilder(256);
    private final List<Object> params = new ArrayList<>();

    public SqlBuilder(SqlDialect dialect) {
        this.dialect = Objects.requireNonNull(dialect, "dialect");
    }

    /**
     * The dialect the statement is written for.
     *
     * @return the dialect
     */
    public SqlDialect dialect() {
        return dialect;
    }

    /** Appends SQL text (never a value from outside: use {@link #param}). */
    public SqlBuilder sql(String text) {
        sql.append(text);
        return this;
    }

    /** Appends the marker of a new parameter bound to {@code value} (non-null). */
    public SqlBuilder param(Object value) {
        params.add(Objects.requireNonNull(value, "value"));
        sql.append(dialect.marker(params.size()));
        return this;
    }

    /** Appends {@code (m1, m2, ...)}, one new parameter per value; {@code values} must not be empty. */
    public SqlBuilder params(Collection<?> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("an IN list needs at least one value");
        }
        sql.append('(');
        boolean first = true;
        for (Object v : values) {
            if (!first) {
                sql.append(", ");
            }
            first = false;
            param(v);
        }
        sql.append(')');
        return this;
    }

    /** A copy of this statement with {@code text} in front (such as {@code "EXPLAIN "}), same parameters. */
    public SqlBuilder prefixedWith(String text) {
        SqlBuilder copy = new SqlBuilder(dialect);
        copy.sql.append(text).append(sql);
        copy.params.addAll(params);
        return copy;
    }

    /** Number of parameters so far. */
    public int parameterCount() {
        return params.size();
    }

    public String text() {
        return sql.toString();
    }

    /** A statement on {@code connection} with every parameter bound. */
    public Statement bind(Connection connection) {
        Statement statement = connection.createStatement(sql.toString());
        for (int i = 0; i < params.size(); i++) {
            statement.bind(i, params.get(i));
        }
        return statement;
    }

    @Override
    public String toString() {
        return sql.toString();
    }
}
