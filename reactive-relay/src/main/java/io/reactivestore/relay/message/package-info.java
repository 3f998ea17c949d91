/**
 * The relay wire protocol: the messages a client and a relay exchange
 * ({@link io.reactivestore.relay.message.ClientMessage}, {@link io.reactivestore.relay.message.RelayMessage}) and
 * their JSON codec ({@link io.reactivestore.relay.message.MessageJson}). Used by both the server and the client;
 * depends only on the store's event model.
 *
 * <p>References are non-null unless documented otherwise.
 */
@NullMarked
package io.reactivestore.relay.message;

import org.jspecify.annotations.NullMarked;
