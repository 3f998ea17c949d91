package io.reactivestore.store.layered;

import io.reactivestore.event.Event;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * What the layered store put into L1: per event its size, its replaceable address and when it was last
 * accessed, so that the collector can evict the least recently accessed events without scanning L1.
 * Thread-safe and lock-free; an access costs one counter increment and one volatile write.
 *
 * <p>The index follows L1's own replacement rule: when a newer version of an address is recorded, the
 * older one leaves the index, as it left L1.
 */
final class L1Index {

    private static final class Entry {
        final String id;
        final String pubkey;
        final int kind;
        final int bytes;
        final long createdAt;
        final @Nullable String address;
        volatile long lastAccess;

        Entry(Event event, long now) {
            this.id = event.id();
            this.pubkey = event.pubkey();
            this.kind = event.kind();
            this.bytes = event.jsonLength();
            this.createdAt = event.createdAt();
            this.address = event.address();
            this.lastAccess = now;
        }

        boolean supersedes(Entry other) {
            return createdAt != other.createdAt ? createdAt > other.createdAt : id.compareTo(other.id) < 0;
        }
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, Entry> byAddress = new ConcurrentHashMap<>();
    private final AtomicLong clock = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    /** Records that L1 holds {@code event} (saved, replaced into or already there); counts as an access. */
    void stored(Event event) {
        Entry entry = new Entry(event, clock.incrementAndGet());
        Entry existing = entries.putIfAbsent(entry.id, entry);
        if (existing != null) {
            existing.lastAccess = entry.lastAccess;
            return;
        }
        bytes.addAndGet(entry.bytes);
        if (entry.address != null) {
            Entry[] loser = new Entry[1];
            byAddress.merge(entry.address, entry, (old, candidate) -> {
                boolean candidateWins = candidate.supersedes(old);
                loser[0] = candidateWins ? old : candidate;
                return candidateWins ? candidate : old;
            });
            if (loser[0] != null) {
                forget(loser[0].id);
            }
        }
    }

    /** Marks {@code id} as just accessed, if indexed. */
    void touch(String id) {
        Entry entry = entries.get(id);
        if (entry != null) {
            entry.lastAccess = clock.incrementAndGet();
        }
    }

    /** Forgets {@code id} (evicted or deleted from L1); no effect if not indexed. */
    void forget(String id) {
        Entry entry = entries.remove(id);
        if (entry != null) {
            bytes.addAndGet(-entry.bytes);
            if (entry.address != null) {
                byAddress.remove(entry.address, entry);
            }
        }
    }

    void clear() {
        for (String id : List.copyOf(entries.keySet())) {
            forget(id);
        }
    }

    boolean contains(String id) {
        return entries.containsKey(id);
    }

    long events() {
        return entries.size();
    }

    long bytes() {
        return bytes.get();
    }

    /** An event chosen for eviction. */
    record Victim(String id, String pubkey, int kind) {
    }

    /**
     * The least recently accessed events to evict so that at most {@code maxEvents} events of at most
     * {@code maxBytes} bytes remain, oldest access first. Sorts a snapshot: O(n log n) in the number of
     * indexed events, so run it off latency-sensitive threads.
     */
    List<Victim> victims(long maxEvents, long maxBytes) {
        Entry[] snapshot = entries.values().toArray(Entry[]::new);
        long[] accessed = new long[snapshot.length];
        Integer[] order = new Integer[snapshot.length];
        for (int i = 0; i < snapshot.length; i++) {
            accessed[i] = snapshot[i].lastAccess;
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingLong(i -> accessed[i]));
        long remainingEvents = snapshot.length;
        long remainingBytes = 0;
        for (Entry entry : snapshot) {
            remainingBytes += entry.bytes;
        }
        List<Victim> victims = new ArrayList<>();
        for (int i = 0; i < order.length && (remainingEvents > maxEvents || remainingBytes > maxBytes); i++) {
            Entry entry = snapshot[order[i]];
            victims.add(new Victim(entry.id, entry.pubkey, entry.kind));
            remainingEvents--;
            remainingBytes -= entry.bytes;
        }
        return victims;
    }
}
