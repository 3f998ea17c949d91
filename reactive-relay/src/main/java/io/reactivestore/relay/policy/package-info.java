/**
 * What a relay asks before it accepts: {@link io.reactivestore.relay.policy.EventPolicy} and
 * {@link io.reactivestore.relay.policy.FilterPolicy} answer with a prefixed
 * {@link io.reactivestore.relay.policy.Rejection}, given the client's
 * {@link io.reactivestore.relay.policy.RelaySession}; ready-made policies (kind and pubkey allow/deny lists,
 * size limits, a {@code created_at} window, NIP-13 proof of work) are in
 * {@link io.reactivestore.relay.policy.Policies}. This package depends on nothing else of the relay.
 */
@NullMarked
package io.reactivestore.relay.policy;

import org.jspecify.annotations.NullMarked;
