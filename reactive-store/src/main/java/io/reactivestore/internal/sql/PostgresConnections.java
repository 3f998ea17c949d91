package io.reactivestore.internal.sql;

import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;

/**
 * The only class of this package that names r2dbc-postgresql types, so that {@link SqlDatabase} loads
 * without the (optional) PostgreSQL driver; call it after {@link SqlDrivers#requirePostgresql()}.
 */
final class PostgresConnections {

    private PostgresConnections() {
    }

    /** Connections to a PostgreSQL database over TCP (connect timeout 5 s, results in binary format). */
    static ConnectionFactory tcp(String host, int port, String database, String user, String password) {
        return new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                .host(host)
                .port(port)
                .database(database)
                .username(user)
                .password(password)
                .connectTimeout(Duration.ofSeconds(5))
                // results in binary format: in text format every bytea value (each event's JSON) comes
                // as hex that r2dbc-postgresql 1.1 decodes through a regular expression, more than half
                // of the JVM's CPU per query
                .forceBinary(true)
                .build());
    }
}
