/**
 * The NIP-86 relay management API: {@link io.reactivestore.relay.management.RelayManagement} answers JSON-RPC
 * POSTs on the relay's own URL (content type {@code application/nostr+json+rpc}) from admins authorised by
 * NIP-98, keeps its moderation lists in the store's {@link io.reactivestore.store.KeyValueStore}, and enforces
 * them through the relay's event and filter policies.
 */
@NullMarked
package io.reactivestore.relay.management;

import org.jspecify.annotations.NullMarked;
