package io.reactivestore.relay.policy;

import java.net.InetSocketAddress;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A read-only view of one client WebSocket connection, handed to policies and listeners.
 * Thread-safe: the authenticated keys may grow while a policy reads them.
 */
public interface RelaySession {

    /** {@return a number unique among this relay's connections, for logs} */
    long id();

    /**
     * {@return the client's address (the TCP peer; proxies are not unwrapped), or {@code null} when the transport
     * gave none}
     */
    @Nullable InetSocketAddress remoteAddress();

    /** {@return the pubkeys this connection authenticated with NIP-42 {@code AUTH}, in no order; empty at first} */
    Set<String> authenticatedPubkeys();

    /**
     * Whether {@code pubkey} authenticated on this connection.
     *
     * @param pubkey the author's public key (64 lowercase hex characters)
     * @return whether {@code pubkey} authenticated on this connection
     */
    default boolean isAuthenticated(String pubkey) {
        return authenticatedPubkeys().contains(pubkey);
    }
}
