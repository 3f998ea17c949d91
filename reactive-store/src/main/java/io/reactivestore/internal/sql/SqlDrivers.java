package io.reactivestore.internal.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Checks that a SQL backend's driver artifacts are on the classpath before the backend is opened.
 * reactive-store declares its drivers {@code <optional>}: an application adds those of the backends it
 * uses, so an H2 application carries no PostgreSQL driver and the other way round. Opening a backend
 * whose driver is missing fails with an {@link IllegalStateException} naming the missing artifacts,
 * not with a {@link NoClassDefFoundError} from deep inside the pool.
 *
 * <p>Callers outside this package check before they name {@link SqlDatabase}: linking that class needs
 * r2dbc-spi and r2dbc-pool, which an application without a SQL backend does not have.
 *
 * <p>Stateless and thread-safe.
 */
public final class SqlDrivers {

    /** A Maven artifact and a class that only that artifact contains, probed without initialising it. */
    record Artifact(String coordinates, String probeClass) {

        Artifact {
            Objects.requireNonNull(coordinates, "coordinates");
            Objects.requireNonNull(probeClass, "probeClass");
        }
    }

    private static final Artifact POOL = new Artifact("io.r2dbc:r2dbc-pool", "io.r2dbc.pool.ConnectionPool");

    /** What the H2 backends (file and in-memory) need. */
    static final List<Artifact> H2 = List.of(
            new Artifact("com.h2database:h2", "org.h2.Driver"),
            new Artifact("io.r2dbc:r2dbc-h2", "io.r2dbc.h2.H2ConnectionFactory"),
            POOL);

    /** What the PostgreSQL backend needs. */
    static final List<Artifact> POSTGRESQL = List.of(
            new Artifact("org.postgresql:r2dbc-postgresql", "io.r2dbc.postgresql.PostgresqlConnectionFactory"),
            POOL);

    private SqlDrivers() {
    }

    /**
     * Returns normally if every artifact in {@code needed} is visible to {@code loader}.
     *
     * @param backend the backend's name, for the message ("H2", "PostgreSQL")
     * @param needed the artifacts the backend needs
     * @param loader where to look for them
     * @throws IllegalStateException naming every needed artifact and which of them are missing
     */
    static void require(String backend, List<Artifact> needed, ClassLoader loader) {
        List<String> missing = new ArrayList<>();
        for (Artifact artifact : needed) {
            try {
                Class.forName(artifact.probeClass(), false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                missing.add(artifact.coordinates());
            }
        }
        if (!missing.isEmpty()) {
            List<String> all = needed.stream().map(Artifact::coordinates).toList();
            throw new IllegalStateException("The " + backend + " backend needs " + String.join(", ", all)
                    + " on the classpath; missing: " + String.join(", ", missing)
                    + ". Add them to your build (their versions are managed by io.reactivestore:reactive-store-bom).");
        }
    }

    /**
     * Checks the H2 driver artifacts.
     *
     * @throws IllegalStateException naming the missing artifacts
     */
    public static void requireH2() {
        require("H2", H2, SqlDrivers.class.getClassLoader());
    }

    /**
     * Checks the PostgreSQL driver artifacts.
     *
     * @throws IllegalStateException naming the missing artifacts
     */
    public static void requirePostgresql() {
        require("PostgreSQL", POSTGRESQL, SqlDrivers.class.getClassLoader());
    }
}
