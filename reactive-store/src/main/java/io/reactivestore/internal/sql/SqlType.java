package io.reactivestore.internal.sql;

/**
 * The column types bulk statements bind ({@link SqlDialect#appendIn}, {@link SqlDialect#insertRows});
 * each dialect names them in its own SQL.
 */
public enum SqlType {

    /** Binary ({@code VARBINARY} / {@code BYTEA}): {@code byte[]} values. */
    BINARY,
    /** 64-bit integer: {@code Long} values. */
    BIGINT,
    /** 32-bit integer: {@code Integer} values. */
    INT,
    /** Text: {@code String} values. */
    TEXT
}
