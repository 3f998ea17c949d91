/**
 * Store metrics: {@link io.reactivestore.store.metrics.MeteredEventStore} records what any
 * {@link io.reactivestore.store.EventStore} does in a Micrometer registry (an optional dependency: only an
 * application that uses this package needs it). References are non-null unless documented otherwise.
 */
@NullMarked
package io.reactivestore.store.metrics;

import org.jspecify.annotations.NullMarked;
