/**
 * What only the PostgreSQL backend has: {@link io.reactivestore.store.r2dbc.postgres.PostgresNotifications},
 * its {@code LISTEN} channel as a stream of wake-ups for a change feed or a layered store. Needs the optional
 * {@code org.postgresql:r2dbc-postgresql} driver on the classpath.
 */
@NullMarked
package io.reactivestore.store.r2dbc.postgres;

import org.jspecify.annotations.NullMarked;
