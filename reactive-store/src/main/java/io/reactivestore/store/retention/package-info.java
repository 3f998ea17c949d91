/**
 * Retention: deletes old events from any {@link io.reactivestore.store.EventStore} by age, by kind and under a
 * maximum store size, in bounded rounds on a timer ({@link io.reactivestore.store.retention.Retention},
 * configured by {@link io.reactivestore.store.retention.RetentionPolicy}).
 */
@NullMarked
package io.reactivestore.store.retention;

import org.jspecify.annotations.NullMarked;
