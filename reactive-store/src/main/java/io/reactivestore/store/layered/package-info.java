/**
 * {@link io.reactivestore.store.layered.LayeredEventStore}: a size-limited first-level cache (L1) over an
 * authoritative second-level store (L2), optionally shared by several nodes that learn of each other's
 * events by polling L2 (and PostgreSQL notifications). References are non-null unless documented otherwise.
 */
@NullMarked
package io.reactivestore.store.layered;

import org.jspecify.annotations.NullMarked;
