package io.reactivestore.outbox;

import io.r2dbc.spi.Connection;
import io.reactivestore.internal.sql.SqlDatabase;
import io.reactivestore.internal.sql.SqlDrivers;
import io.reactivestore.store.StoreUnavailableException;
import java.nio.file.Path;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * Opens outboxes on H2 (file or in memory) or PostgreSQL. Each store owns a small connection pool of its own
 * (closed by {@link OutboxStore#close()}): its writes and reads never share a connection with the caller's work.
 * The caller's transaction, which {@link OutboxStore#delete(Object, java.util.Collection)} runs in, is an R2DBC
 * {@link Connection} to the same database with auto-commit off.
 *
 * <p>Opening applies the outbox's pending schema migrations (component {@code outbox}, tables
 * {@code outbox_events}, {@code outbox_kv}, {@code outbox_schema_version}) before the store is emitted. If that
 * fails, the pool is closed and the error is emitted ({@link io.reactivestore.store.StoreUnavailableException}
 * when the database is unreachable).
 *
 * <p>One store per database is the intended use: writes are serialized per store, not across processes.
 */
public final class SqlOutbox {

    /** Pooled connections per store: one for the serialized writes, the others for reads. */
    static final int CONNECTIONS = 4;

    private SqlOutbox() {
    }

    /**
     * An outbox in the H2 file {@code <directory>/<fileName>.mv.db} (created if needed). Commits reach the file
     * before they are acknowledged, so a stored event survives a killed JVM. Each subscription opens a new
     * outbox; one JVM never has one file open twice.
     *
     * @param directory where the file is
     * @param fileName the file's name without {@code .mv.db}
     * @param config the outbox's settings
     * @return the outbox; {@link IllegalStateException} naming the file if this JVM has it open already
     */
    public static Mono<OutboxStore<Connection>> h2File(Path directory, String fileName, OutboxConfig config) {
        return Mono.defer(() -> {
            SqlDrivers.requireH2();
            return open(SqlDatabase.h2File(directory, fileName, CONNECTIONS), config);
        });
    }

    /**
     * An outbox in the private H2 in-memory database {@code name} of this JVM; a caller reaches it for its own
     * transactions as {@code r2dbc:h2:mem:///<name>}. The data lives until the JVM exits.
     *
     * @param name the name
     * @param config the configuration
     * @return an outbox in the private H2 in-memory database {@code name} of this JVM; a caller reaches it for its own transactions as {@code r2dbc:h2:mem:///<name>}
     */
    public static Mono<OutboxStore<Connection>> h2InMemory(String name, OutboxConfig config) {
        SqlDrivers.requireH2();
        return open(SqlDatabase.h2InMemory(name, CONNECTIONS, false), config);
    }

    /**
     * An outbox in a PostgreSQL database reached over TCP.
     *
     * @param host the database host
     * @param port the database port
     * @param database the database name
     * @param user the database user
     * @param password the database user's password
     * @param config the configuration
     * @return an outbox in a PostgreSQL database reached over TCP
     */
    public static Mono<OutboxStore<Connection>> postgres(String host, int port, String database, String user,
            String password, OutboxConfig config) {
        SqlDrivers.requirePostgresql();
        return open(SqlDatabase.postgres(host, port, database, user, password, CONNECTIONS), config);
    }

    /** An outbox on {@code db}, which it then owns and closes. */
    static Mono<OutboxStore<Connection>> open(SqlDatabase db, OutboxConfig config) {
        Objects.requireNonNull(config, "config");
        db.unavailableAs(StoreUnavailableException.class, StoreUnavailableException::new);
        return db.migrate(SqlBackend.COMPONENT)
                .then(Mono.<OutboxStore<Connection>>fromSupplier(
                        () -> new SerializedOutboxStore<>("outbox on " + db.name(), config, new SqlBackend(db))))
                .onErrorResume(e -> db.close().onErrorResume(closeError -> Mono.empty()).then(Mono.error(e)));
    }
}
