package io.reactivestore.relay.server;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Per-address token buckets shared by every connection from one address (an IPv6 client's /64), plus the factory of per-connection
 * buckets. An IP's buckets are dropped when its last connection closes, so the map holds at most one
 * entry per connected address. A rate of 0 means no bucket (no limit).
 */
final class RateLimits {

    /** The buckets one connection consults: its own and its address's; any may be {@code null}. */
    record Buckets(@Nullable TokenBucket connectionEvents, @Nullable TokenBucket connectionRequests,
                   @Nullable PerIp ip) {

        boolean tryEvent() {
            return take(connectionEvents) && (ip == null || take(ip.events));
        }

        boolean tryRequest() {
            return take(connectionRequests) && (ip == null || take(ip.requests));
        }

        private static boolean take(@Nullable TokenBucket bucket) {
            return bucket == null || bucket.tryTake();
        }
    }

    /** The buckets of one client address and how many connections use them. */
    static final class PerIp {
        private final @Nullable TokenBucket events;
        private final @Nullable TokenBucket requests;
        private int connections;

        private PerIp(@Nullable TokenBucket events, @Nullable TokenBucket requests) {
            this.events = events;
            this.requests = requests;
        }
    }

    private final RelayOptions options;
    private final ConcurrentHashMap<InetAddress, PerIp> perIp = new ConcurrentHashMap<>();

    RateLimits(RelayOptions options) {
        this.options = options;
    }

    /** The buckets for a new connection from {@code address}; pair with {@link #release}. */
    Buckets acquire(@Nullable InetAddress address) {
        PerIp ip = null;
        if (address != null && (options.eventsPerSecondPerIp() > 0 || options.requestsPerSecondPerIp() > 0)) {
            ip = perIp.compute(ClientAddresses.budgetKey(address), (a, existing) -> {
                PerIp state = existing != null ? existing
                        : new PerIp(bucket(options.eventsPerSecondPerIp()), bucket(options.requestsPerSecondPerIp()));
                state.connections++;
                return state;
            });
        }
        return new Buckets(bucket(options.eventsPerSecondPerConnection()),
                bucket(options.requestsPerSecondPerConnection()), ip);
    }

    /** Forgets a closed connection; the address's buckets go with its last connection. */
    void release(@Nullable InetAddress address, Buckets buckets) {
        if (address != null && buckets.ip() != null) {
            perIp.computeIfPresent(ClientAddresses.budgetKey(address), (a, state) -> --state.connections == 0 ? null : state);
        }
    }

    private @Nullable TokenBucket bucket(double rate) {
        return rate > 0 ? new TokenBucket(rate, options.rateBurst()) : null;
    }
}
