package io.reactivestore.store.feed;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;

/**
 * The state of one subscription of {@link ChangeFeed}: its position (highest number read) and its gaps
 * (skipped numbers, each with its deadline). Reads run one at a time ({@code concatMap}), so the state
 * is touched by one read at a time; the fields are volatile for the hand-over between threads.
 */
final class Follower {

    private final ChangeLog log;
    private final int batchSize;
    private final long gapMillis;
    private final int maxGaps;
    private final Scheduler clock;
    private final LongAdder read;
    private final LongAdder abandoned;
    /** Skipped sequence numbers and the time (ms) they are given up at; bounded by {@code maxGaps}. */
    private final TreeMap<Long, Long> gaps = new TreeMap<>();
    private volatile long position;

    Follower(ChangeLog log, int batchSize, long gapMillis, int maxGaps, Scheduler clock, LongAdder read,
             LongAdder abandoned) {
        this.log = log;
        this.batchSize = batchSize;
        this.gapMillis = gapMillis;
        this.maxGaps = maxGaps;
        this.clock = clock;
        this.read = read;
        this.abandoned = abandoned;
    }

    void startAt(long sequence) {
        position = sequence;
    }

    /** Whether a wake-up carrying {@code hint} (-1: unknown) calls for a read. */
    boolean worthReading(long hint) {
        if (hint < 0 || hint > position) {
            return true;
        }
        synchronized (gaps) {
            return !gaps.isEmpty();
        }
    }

    /** One read: the gaps that became visible, then every page above the position. */
    Flux<StoreChange> read() {
        return Flux.defer(() -> {
            ArrayList<Long> pending;
            synchronized (gaps) {
                expire(now());
                pending = new ArrayList<>(gaps.keySet());
            }
            Flux<StoreChange> filled = pending.isEmpty() ? Flux.empty()
                    : log.changesAmong(pending).filter(this::fill);
            return filled.concatWith(page());
        });
    }

    private Flux<StoreChange> page() {
        return Flux.defer(() -> {
            int[] count = {0};
            return log.changesAfter(position, batchSize)
                    .filter(change -> {
                        count[0]++;
                        return advance(change.sequence());
                    })
                    .concatWith(Flux.defer(() -> count[0] >= batchSize ? page() : Flux.empty()));
        });
    }

    /** A gap became visible: emit it once. */
    private boolean fill(StoreChange change) {
        synchronized (gaps) {
            if (gaps.remove(change.sequence()) == null) {
                return false;
            }
        }
        read.increment();
        return true;
    }

    /** A number above the position: the numbers skipped on the way become gaps. */
    private boolean advance(long sequence) {
        long from = position;
        if (sequence <= from) {
            return false; // already read (cannot happen with a correct log)
        }
        long deadline = now() + gapMillis;
        synchronized (gaps) {
            long firstGap = Math.max(from + 1, sequence - maxGaps);
            if (firstGap > from + 1) {
                abandoned.add(firstGap - from - 1);
            }
            for (long s = firstGap; s < sequence; s++) {
                gaps.put(s, deadline);
            }
            while (gaps.size() > maxGaps) {
                gaps.pollFirstEntry();
                abandoned.increment();
            }
        }
        position = sequence;
        read.increment();
        return true;
    }

    private void expire(long now) {
        Iterator<Map.Entry<Long, Long>> it = gaps.entrySet().iterator();
        while (it.hasNext()) {
            if (it.next().getValue() <= now) {
                it.remove();
                abandoned.increment();
            }
        }
    }

    private long now() {
        return clock.now(TimeUnit.MILLISECONDS);
    }

    /** {@return the number of gaps pending, for tests} */
    int gapCount() {
        synchronized (gaps) {
            return gaps.size();
        }
    }
}
