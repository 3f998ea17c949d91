package io.reactivestore.store.feed;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The state of one subscription of {@link ChangeFeed}: its position (highest number read), its gaps
 * (skipped numbers) and, until it is settled, its start. Reads run one at a time ({@code concatMap}), so
 * the state is touched by one read at a time; the gaps are guarded by their own lock because
 * {@link #worthReading} looks at them from the wake-up thread.
 *
 * <p>Each gap maps to a number whose meaning depends on the log. With transaction horizons (PostgreSQL):
 * the first transaction number not handed out at a horizon read made after the gap was found
 * ({@link #UNSTAMPED} until then); the gap is settled, so a lookup that misses it is final, once the
 * oldest running transaction is at or above that number. Without (H2, tests): the time (ms) it is given
 * up at.
 */
final class Follower {

    private static final Logger LOG = LoggerFactory.getLogger(Follower.class);
    /** A gap found since the last horizon read. */
    private static final long UNSTAMPED = Long.MAX_VALUE;
    /** Gaps looked up per statement. */
    private static final int LOOKUP_CHUNK = 1000;

    private final ChangeLog log;
    private final int batchSize;
    private final long gapMillis;
    private final int maxGaps;
    private final Scheduler clock;
    private final LongAdder read;
    private final LongAdder abandoned;
    private final TreeMap<Long, Long> gaps = new TreeMap<>();
    private volatile long position;
    private volatile boolean transactional;
    /** The start, until the changes committed below it after it have been read; then {@code null}. */
    private volatile @Nullable FeedStart pendingStart;

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

    void startAt(FeedStart start) {
        position = start.sequence();
        transactional = start.knowsTransactions();
        pendingStart = transactional ? start : null;
    }

    /** Whether a wake-up carrying {@code hint} (-1: unknown) calls for a read. */
    boolean worthReading(long hint) {
        if (hint < 0 || hint > position || pendingStart != null) {
            return true;
        }
        synchronized (gaps) {
            return !gaps.isEmpty();
        }
    }

    /** One read: the start's late changes once settled, the gaps that became visible, then every page. */
    Flux<StoreChange> read() {
        if (!transactional) {
            return Flux.defer(() -> {
                List<Long> pending;
                synchronized (gaps) {
                    expire(now());
                    pending = new ArrayList<>(gaps.keySet());
                }
                return lookUp(pending, List.of()).concatWith(page());
            });
        }
        return Flux.defer(() -> {
            boolean idle;
            synchronized (gaps) {
                idle = gaps.isEmpty();
            }
            // nothing to settle: no horizon query, so a live change costs one round trip (gaps found by
            // this read are stamped by the next, which they make worth doing)
            return idle && pendingStart == null ? page() : readWithHorizon();
        });
    }

    private Flux<StoreChange> readWithHorizon() {
        return log.horizon().flatMapMany(horizon -> {
            List<Long> pending = new ArrayList<>();
            List<Long> settled = new ArrayList<>();
            synchronized (gaps) {
                for (Map.Entry<Long, Long> gap : gaps.entrySet()) {
                    if (gap.getValue() == UNSTAMPED) {
                        gap.setValue(horizon.nextTransaction());
                    } else if (gap.getValue() <= horizon.oldestRunning()) {
                        settled.add(gap.getKey());
                    }
                    pending.add(gap.getKey());
                }
            }
            FeedStart start = pendingStart;
            Flux<StoreChange> late = start == null || horizon.oldestRunning() < start.nextTransaction()
                    ? Flux.empty()
                    : log.committedAfterStart(start).doOnNext(c -> read.increment())
                            .doOnComplete(() -> pendingStart = null);
            return late.concatWith(lookUp(pending, settled)).concatWith(page());
        });
    }

    /**
     * Looks {@code pending} up (in chunks): a visible one is emitted once; then those of {@code settled}
     * still missing are forgotten, as numbers that will never be visible.
     */
    private Flux<StoreChange> lookUp(List<Long> pending, List<Long> settled) {
        if (pending.isEmpty()) {
            return Flux.empty();
        }
        List<List<Long>> chunks = new ArrayList<>();
        for (int i = 0; i < pending.size(); i += LOOKUP_CHUNK) {
            chunks.add(pending.subList(i, Math.min(pending.size(), i + LOOKUP_CHUNK)));
        }
        return Flux.fromIterable(chunks)
                .concatMap(chunk -> log.changesAmong(chunk).filter(this::fill))
                .concatWith(Mono.fromRunnable(() -> {
                    synchronized (gaps) {
                        settled.forEach(gaps::remove);
                    }
                }));
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
        long mark = transactional ? UNSTAMPED : now() + gapMillis;
        long given = 0;
        synchronized (gaps) {
            long firstGap = Math.max(from + 1, sequence - maxGaps);
            given += firstGap - from - 1;
            for (long s = firstGap; s < sequence; s++) {
                gaps.put(s, mark);
            }
            while (gaps.size() > maxGaps) {
                gaps.pollFirstEntry();
                given++;
            }
        }
        if (given > 0) {
            abandoned.add(given);
            LOG.warn("change feed: more than {} skipped sequence numbers pending; gave up the {} lowest"
                    + " (a change among them, if one ever commits, is not emitted)", maxGaps, given);
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
