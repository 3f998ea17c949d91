package io.reactivestore.relay.server;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The connection and subscription budgets of the relay's clients: open TCP connections of the whole
 * process (pending handshakes included), open connections per client key, and open subscriptions per
 * client key across its connections (keys from {@link ClientAddresses#budgetKey}). A key's entry exists
 * while it has a connection, so the map holds at most one entry per connected client. Thread-safe.
 */
final class AddressBudgets {

    /** The budget state of one client key; lives while the key has connections. */
    static final class Address {
        private final InetAddress key;
        private final int maxSubscriptions;
        private final AtomicInteger subscriptions = new AtomicInteger();
        private int connections;

        private Address(InetAddress key, int maxSubscriptions) {
            this.key = key;
            this.maxSubscriptions = maxSubscriptions;
        }

        /** The key this state is kept under. */
        InetAddress key() {
            return key;
        }

        /** Takes one subscription slot; {@code false} when the address holds its budget already. */
        boolean tryAddSubscription() {
            if (subscriptions.incrementAndGet() > maxSubscriptions) {
                subscriptions.decrementAndGet();
                return false;
            }
            return true;
        }

        /** Gives {@code count} subscription slots back. */
        void removeSubscriptions(int count) {
            subscriptions.addAndGet(-count);
        }

        /** Open subscriptions of this address. */
        int subscriptions() {
            return subscriptions.get();
        }

        @Override
        public String toString() {
            return key.getHostAddress();
        }
    }

    private final ConcurrentHashMap<InetAddress, Address> addresses = new ConcurrentHashMap<>();
    private final AtomicInteger sockets = new AtomicInteger();
    private final int maxSockets;
    private final int maxPerAddress;
    private final int maxSubscriptionsPerAddress;

    AddressBudgets(int maxSockets, int maxPerAddress, int maxSubscriptionsPerAddress) {
        this.maxSockets = maxSockets;
        this.maxPerAddress = maxPerAddress;
        this.maxSubscriptionsPerAddress = maxSubscriptionsPerAddress;
    }

    /** Takes a slot of the process's socket budget; {@code false} when it is used up. */
    boolean tryOpenSocket() {
        if (sockets.incrementAndGet() > maxSockets) {
            sockets.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Gives a socket slot back. */
    void closeSocket() {
        sockets.decrementAndGet();
    }

    /** Open sockets (pending handshakes, HTTP and WebSocket connections). */
    int openSockets() {
        return sockets.get();
    }

    /** The process's socket budget. */
    int maxSockets() {
        return maxSockets;
    }

    /**
     * Takes a connection slot of {@code client}'s key; pair with {@link #disconnect}.
     *
     * @return the key's state, or {@code null} when the key holds its connection budget already
     */
    Address tryConnect(InetAddress client) {
        InetAddress key = ClientAddresses.budgetKey(client);
        Address[] taken = new Address[1];
        addresses.compute(key, (k, existing) -> {
            Address state = existing != null ? existing : new Address(k, maxSubscriptionsPerAddress);
            if (state.connections < maxPerAddress) {
                state.connections++;
                taken[0] = state;
            }
            return state.connections == 0 ? null : state;
        });
        return taken[0];
    }

    /** Gives the connection slot back; the key's state goes with its last connection. */
    void disconnect(Address address) {
        addresses.computeIfPresent(address.key, (k, state) -> --state.connections == 0 ? null : state);
    }

    /** How many keys have connections. */
    int addressCount() {
        return addresses.size();
    }
}
