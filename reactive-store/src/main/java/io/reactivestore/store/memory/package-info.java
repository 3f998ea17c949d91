/**
 * The in-memory {@link io.reactivestore.store.EventStore}: {@link io.reactivestore.store.memory.MemoryEventStore}.
 */
@NullMarked
package io.reactivestore.store.memory;

import org.jspecify.annotations.NullMarked;
