package io.reactivestore.spring.autoconfigure;

/** Which {@link io.reactivestore.store.EventStore} the auto-configuration opens ({@code reactive-store.type}). */
public enum StoreType {

    /**
     * The embedded default, kept in {@code reactive-store.directory}: an LMDB store
     * ({@link io.reactivestore.store.lmdb.LmdbEventStore}), which needs no driver.
     */
    EMBEDDED,

    /** An H2 file ({@code events.mv.db}) in {@code reactive-store.directory}. */
    H2,

    /**
     * PostgreSQL: at {@code reactive-store.postgresql.host} when that is set, otherwise through the
     * application's R2DBC {@code ConnectionFactory} bean (for example from {@code spring.r2dbc.url}).
     */
    POSTGRESQL,

    /** In memory only: everything is lost when the application stops. */
    MEMORY
}
