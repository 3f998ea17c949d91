/**
 * The change feed of a shared store: {@link io.reactivestore.store.feed.ChangeLog} (what a store that
 * numbers its writes offers, such as the R2DBC store), {@link io.reactivestore.store.feed.StoreChange}
 * (one numbered write) and {@link io.reactivestore.store.feed.ChangeFeed} (follows a change log so that
 * every change is seen exactly once, whatever the events' {@code created_at}). Several relay nodes or
 * layered stores on one PostgreSQL learn of each other's writes through it.
 */
@NullMarked
package io.reactivestore.store.feed;

import org.jspecify.annotations.NullMarked;
