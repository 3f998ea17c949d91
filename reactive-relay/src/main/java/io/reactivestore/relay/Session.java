package io.reactivestore.relay;

import java.net.InetSocketAddress;
import java.util.Set;

/**
 * A read-only view of one client WebSocket connection, handed to policies and listeners.
 * Thread-safe: the authenticated keys may grow while a policy reads them.
 */
public interface Session {

    /** A number unique among this relay's connections, for logs. */
    long id();

    /** The client's address (the TCP peer; proxies are not unwrapped). */
    InetSocketAddress remoteAddress();

    /** The pubkeys this connection authenticated with NIP-42 {@code AUTH}, in no order; empty at first. */
    Set<String> authenticatedPubkeys();

    /** Whether {@code pubkey} authenticated on this connection. */
    default boolean isAuthenticated(String pubkey) {
        return authenticatedPubkeys().contains(pubkey);
    }
}
