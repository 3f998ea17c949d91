/**
 * The event store on SQL databases through R2DBC: H2 (file in a directory, the embedded default; or in
 * memory) and PostgreSQL. {@link io.reactivestore.store.r2dbc.R2dbcEventStores} opens one;
 * {@link io.reactivestore.store.r2dbc.R2dbcEventStore} documents schema, group commit, streaming and the
 * PostgreSQL notification channel.
 */
@NullMarked
package io.reactivestore.store.r2dbc;

import org.jspecify.annotations.NullMarked;
