package io.reactivestore.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * The PostgreSQL databases one test took, dropped together when it ends: for suites that create a
 * database (or several) per test, whose stores are closed before {@link #dropAll()}.
 *
 * <p>Not thread-safe: use it from the test's own thread (a JUnit instance field).
 */
public final class PostgresDatabasesPerTest {

    private final List<TestDatabases.PostgresDatabase> taken = new ArrayList<>();

    /**
     * A new empty database, see {@link TestDatabases#freshPostgres()}.
     *
     * @return a database dropped by the next {@link #dropAll()}
     */
    public TestDatabases.PostgresDatabase fresh() {
        return keep(TestDatabases.freshPostgres());
    }

    /**
     * A new database with every store component's schema, see {@link TestDatabases#migratedPostgres()}.
     *
     * @return a database dropped by the next {@link #dropAll()}
     */
    public TestDatabases.PostgresDatabase migrated() {
        return keep(TestDatabases.migratedPostgres());
    }

    /**
     * Drops every database taken since the last call, in the background
     * ({@link TestDatabases.PostgresDatabase#dropLater()}): call it once nothing uses them any more.
     */
    public void dropAll() {
        taken.forEach(TestDatabases.PostgresDatabase::dropLater);
        taken.clear();
    }

    private TestDatabases.PostgresDatabase keep(TestDatabases.PostgresDatabase db) {
        taken.add(db);
        return db;
    }
}
