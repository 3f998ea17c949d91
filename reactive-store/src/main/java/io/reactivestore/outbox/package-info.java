/**
 * An at-least-once outbox: events heard from outside (another chain, a webhook, a queue) are kept until the
 * network confirms them, across restarts, without duplicates piling up; plus a prefix-scoped key-value store
 * for consumers' own progress records.
 *
 * <p>Start with {@link io.reactivestore.outbox.OutboxStore} (the contract every backend keeps), configure it
 * with {@link io.reactivestore.outbox.OutboxConfig}, and open a backend with
 * {@link io.reactivestore.outbox.MemoryOutbox} (tests, caches) or {@link io.reactivestore.outbox.SqlOutbox}
 * (H2 or PostgreSQL through R2DBC).
 *
 * <p>All types are thread-safe. References are non-null unless documented otherwise.
 */
@NullMarked
package io.reactivestore.outbox;

import org.jspecify.annotations.NullMarked;
