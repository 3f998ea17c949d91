/**
 * Ready-made relay policies: kind and pubkey allow/deny lists, size limits, a {@code created_at}
 * window and NIP-13 proof of work ({@link io.reactivestore.relay.policy.Policies}).
 */
package io.reactivestore.relay.policy;
