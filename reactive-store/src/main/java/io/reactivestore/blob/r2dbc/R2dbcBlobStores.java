package io.reactivestore.blob.r2dbc;

import io.reactivestore.internal.sql.SqlDatabase;
import io.reactivestore.internal.sql.SqlDrivers;
import java.nio.file.Path;
import java.util.Objects;
import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * Opens {@link R2dbcBlobStore}s. Opening applies the schema migrations, so it is a {@code Mono} that
 * emits the store once the schema is current, or fails ({@code StoreUnavailableException} when the
 * database cannot be reached).
 */
public final class R2dbcBlobStores {

    private R2dbcBlobStores() {
    }

    /**
     * An H2 database file {@code blobs.mv.db} in {@code directory} (created if missing). Each subscription
     * opens a new store; one JVM never has one file open twice.
     *
     * @param directory where the file is
     * @return the store; {@link IllegalStateException} naming the file if this JVM has it open already
     */
    public static Mono<R2dbcBlobStore> h2File(Path directory) {
        Objects.requireNonNull(directory, "directory");
        return Mono.defer(() -> {
            SqlDrivers.requireH2();
            return R2dbcBlobStore.open(SqlDatabase.h2File(directory, "blobs", SqlDatabase.DEFAULT_MAX_CONNECTIONS));
        });
    }

    /** {@return a new private H2 in-memory database, dropped when the store is closed} */
    public static Mono<R2dbcBlobStore> h2InMemory() {
        return Mono.defer(() -> {
            SqlDrivers.requireH2();
            return R2dbcBlobStore.open(SqlDatabase.h2InMemory("blobs_" + UUID.randomUUID().toString().replace("-", ""),
                    SqlDatabase.DEFAULT_MAX_CONNECTIONS, true));
        });
    }

    /**
     * A PostgreSQL database.
     *
     * @param host the database host
     * @param port the database port
     * @param database the database name
     * @param user the database user
     * @param password the database user's password
     * @return a PostgreSQL database
     */
    public static Mono<R2dbcBlobStore> postgres(String host, int port, String database, String user, String password) {
        return Mono.defer(() -> {
            SqlDrivers.requirePostgresql();
            return R2dbcBlobStore.open(SqlDatabase.postgres(host, port, database, user, password,
                    SqlDatabase.DEFAULT_MAX_CONNECTIONS));
        });
    }
}
