/**
 * {@link io.reactivestore.store.sharded.ShardedEventStore}: events split over several stores by kind or
 * by any predicate, queried as one store. References are non-null unless documented otherwise.
 */
@NullMarked
package io.reactivestore.store.sharded;

import org.jspecify.annotations.NullMarked;
