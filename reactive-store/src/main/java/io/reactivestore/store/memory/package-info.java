/**
 * The in-memory {@link io.reactivestore.store.EventStore}: {@link io.reactivestore.store.memory.MemoryEventStore}.
 */
package io.reactivestore.store.memory;
