/**
 * The WebSocket implementation of {@link io.reactivestore.relay.RelayClient}. Implementation detail:
 * use {@link io.reactivestore.relay.RelayClient#create(io.reactivestore.relay.RelayClientOptions)};
 * nothing here but {@link io.reactivestore.relay.client.WebSocketRelayClient#create} is public.
 */
package io.reactivestore.relay.client;
