package io.reactivestore.internal.sql;

/**
 * The column types bulk statements bind ({@link SqlDialect#appendIn}, {@link SqlDialect#insertRows}),
 * each with the Java type of its values; each dialect names them in its own SQL.
 */
public enum SqlType {

    /** Binary ({@code VARBINARY} / {@code BYTEA}): {@code byte[]} values. */
    BINARY(byte[].class),
    /** 64-bit integer: {@code Long} values. */
    BIGINT(Long.class),
    /** 32-bit integer: {@code Integer} values. */
    INT(Integer.class),
    /** Text: {@code String} values. */
    TEXT(String.class);

    private final Class<?> javaType;

    SqlType(Class<?> javaType) {
        this.javaType = javaType;
    }

    /** The Java type of this column's values. */
    public Class<?> javaType() {
        return javaType;
    }
}
