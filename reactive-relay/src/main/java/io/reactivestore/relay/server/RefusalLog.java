package io.reactivestore.relay.server;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs budget refusals at most once per client key and kind per minute, with how many were refused
 * since the last line, so that a flood of refused messages costs a map lookup each, not a log line.
 * Remembers at most {@value #MAX_KEYS} keys; when full, stale keys are dropped, and new keys are only
 * counted until room comes back. Thread-safe.
 */
final class RefusalLog {

    static final Logger LOG = LoggerFactory.getLogger("io.reactivestore.relay.budgets");
    private static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final int MAX_KEYS = 10_000;

    /** When a key last logged and how many refusals it had since. */
    private static final class Entry {
        volatile long loggedAt;
        final AtomicLong suppressed = new AtomicLong();

        Entry(long loggedAt) {
            this.loggedAt = loggedAt;
        }
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong unlogged = new AtomicLong();

    /**
     * Records one refusal of {@code kind} for {@code client}; logs it at WARN if this key and kind has
     * not logged within the last minute.
     */
    void refused(Object client, String kind, String detail) {
        long now = System.nanoTime();
        String key = kind + ' ' + client;
        Entry entry = entries.get(key);
        if (entry == null) {
            if (entries.size() >= MAX_KEYS) {
                entries.values().removeIf(e -> now - e.loggedAt > INTERVAL_NANOS);
                if (entries.size() >= MAX_KEYS) {
                    unlogged.incrementAndGet();
                    return;
                }
            }
            Entry fresh = new Entry(now);
            if (entries.putIfAbsent(key, fresh) == null) {
                log(client, kind, detail, unlogged.getAndSet(0));
                return;
            }
            entry = entries.get(key);
            if (entry == null) {
                return;
            }
        }
        long last = entry.loggedAt;
        if (now - last > INTERVAL_NANOS) {
            entry.loggedAt = now;
            log(client, kind, detail, entry.suppressed.getAndSet(0));
        } else {
            entry.suppressed.incrementAndGet();
        }
    }

    private static void log(Object client, String kind, String detail, long since) {
        if (since > 0) {
            LOG.warn("refused {} ({}): {}; {} more refusals in the last minute", client, kind, detail, since);
        } else {
            LOG.warn("refused {} ({}): {}", client, kind, detail);
        }
    }
}
