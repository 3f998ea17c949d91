/**
 * Spring Boot auto-configuration for reactive-store: an {@link io.reactivestore.store.EventStore} bean
 * from {@code reactive-store.*} properties ({@link io.reactivestore.spring.autoconfigure.ReactiveStoreProperties}),
 * an optional Nostr relay on its own port ({@code reactive-store.relay.*},
 * {@link io.reactivestore.spring.autoconfigure.ReactiveRelayProperties}) and a health indicator.
 *
 * <p>Every bean backs off when the application defines its own of the same type. On context shutdown the
 * relay is shut down first, then the store is closed, each waiting at most its configured timeout on the
 * thread that closes the context (never a Reactor thread).
 */
@NullMarked
package io.reactivestore.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
