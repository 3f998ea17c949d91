/**
 * The embedded {@link io.reactivestore.store.EventStore} on LMDB:
 * {@link io.reactivestore.store.lmdb.LmdbEventStore}, the relay's default.
 */
@NullMarked
package io.reactivestore.store.lmdb;

import org.jspecify.annotations.NullMarked;
