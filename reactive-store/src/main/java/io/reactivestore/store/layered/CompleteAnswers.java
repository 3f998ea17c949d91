package io.reactivestore.store.layered;

import io.reactivestore.event.Filter;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The filters (with a limit) whose complete answer L1 is known to hold, so that they can be answered
 * from L1 alone.
 *
 * <p>A group is recorded when a merged query of it completed with every result a hit (L1 had each one:
 * since L1 holds a subset of L2, L1's own answer is then the merged answer). It stays valid while
 * everything that changes L2 also changes L1 the same way (saves and deletions through the layered
 * store), and is forgotten when that stops being sure: an eviction of an event the group could match
 * (judged on author and kind only, so conservatively), a failed L1 write; and none is recorded while
 * an import into L2 alone, a deletion or a nuke runs. Recording checks a generation counter, so a group whose query overlapped an
 * invalidation is not recorded. At most {@code capacity} groups are remembered; when full, all are
 * forgotten. Thread-safe.
 */
final class CompleteAnswers {

    private final int capacity;
    private final Map<List<Filter>, Boolean> complete = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final AtomicInteger suspended = new AtomicInteger();

    CompleteAnswers(int capacity) {
        this.capacity = capacity;
    }

    long generation() {
        return generation.get();
    }

    /** Whether {@code group} is complete in L1; read {@link #generation()} before, and check it after reading L1. */
    boolean isComplete(List<Filter> group) {
        return complete.containsKey(group);
    }

    /** Records {@code group} as complete in L1, unless an invalidation ran since {@code generationAtStart}. */
    void recordComplete(List<Filter> group, long generationAtStart) {
        if (capacity == 0 || suspended.get() > 0) {
            return;
        }
        if (complete.size() >= capacity) {
            complete.clear();
        }
        complete.put(group, Boolean.TRUE);
        if (generation.get() != generationAtStart || suspended.get() > 0) {
            complete.remove(group);
        }
    }

    /**
     * Forgets every group and records none until {@link #resume()}: for operations that change L2 and
     * L1 apart (import, deletion, nuke). Calls nest.
     */
    void suspend() {
        suspended.incrementAndGet();
        invalidateAll();
    }

    void resume() {
        suspended.decrementAndGet();
        invalidateAll();
    }

    /**
     * Forgets every group. The generation moves before (so that a reader or recorder that started
     * earlier notices) and after (so that one that started while the map was being cleared notices).
     */
    void invalidateAll() {
        generation.incrementAndGet();
        complete.clear();
        generation.incrementAndGet();
    }

    /** Forgets every group that could match one of {@code evicted}; moves the generation like {@link #invalidateAll()}. */
    void invalidate(Collection<L1Index.Victim> evicted) {
        if (evicted.isEmpty()) {
            return;
        }
        generation.incrementAndGet();
        Set<String> authors = new HashSet<>();
        Set<Integer> kinds = new HashSet<>();
        for (L1Index.Victim e : evicted) {
            authors.add(e.pubkey());
            kinds.add(e.kind());
        }
        complete.keySet().removeIf(group -> group.stream().anyMatch(f -> couldMatch(f, authors, kinds)));
        generation.incrementAndGet();
    }

    private static boolean couldMatch(Filter f, Set<String> authors, Set<Integer> kinds) {
        boolean author = f.authors() == null || f.authors().stream().anyMatch(authors::contains);
        boolean kind = f.kinds() == null || f.kinds().stream().anyMatch(kinds::contains);
        return author && kind;
    }
}
