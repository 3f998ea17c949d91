/**
 * The embedded {@link io.reactivestore.store.EventStore} on LMDB:
 * {@link io.reactivestore.store.lmdb.LmdbEventStore}, the relay's default.
 */
package io.reactivestore.store.lmdb;
