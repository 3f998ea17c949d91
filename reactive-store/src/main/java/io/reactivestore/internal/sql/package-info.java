/**
 * The SQL layer shared by every R2DBC-backed component (event store, blob store, outbox): the one place
 * where H2 and PostgreSQL differ ({@link io.reactivestore.internal.sql.SqlDialect}), connection pools
 * with H2's blocking isolated on a bounded scheduler ({@link io.reactivestore.internal.sql.SqlDatabase}),
 * and versioned schema migrations kept in the jar ({@link io.reactivestore.internal.sql.Migrations}).
 *
 * <p>A component uses it like this:
 * <pre>{@code
 * SqlDatabase db = SqlDatabase.h2File(Path.of("./data"), "events");   // or h2InMemory(..), postgres(..)
 * db.migrate("events")                                                  // applies V1.sql, V2.sql, ...
 *   .thenMany(db.inTransaction(c -> ...))                               // commit on complete, roll back on error/cancel
 * }</pre>
 *
 * <p>Not a public API: it may change in any release.
 */
@NullMarked
package io.reactivestore.internal.sql;

import org.jspecify.annotations.NullMarked;
