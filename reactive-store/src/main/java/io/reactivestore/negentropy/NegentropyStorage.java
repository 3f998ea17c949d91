package io.reactivestore.negentropy;

import io.reactivestore.event.Event;
import java.util.Arrays;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The records one side of a reconciliation holds: {@code (created_at, id)} pairs sorted by
 * {@code created_at} ascending, then id ascending (unsigned bytes), duplicates removed. Immutable once
 * built, so thread-safe, and one storage may serve any number of concurrent {@link Negentropy} instances.
 *
 * <p><b>Memory.</b> A record takes 40 bytes in one {@code long[]} (8 for the timestamp, 32 for the id),
 * plus two bytes for the block sums that make any range's fingerprint cost at most 30 additions. The number of records is capped by the builder's {@code maxRecords}
 * ({@link #DEFAULT_MAX_RECORDS} by default, 40 MB), so a filter matching more records fails with
 * {@link TooManyRecordsException} instead of exhausting the heap. Building needs the array and, while it
 * grows, at most one copy of it.
 */
public final class NegentropyStorage {

    /** Default cap on the records of one storage: one million (40 MB). */
    public static final int DEFAULT_MAX_RECORDS = 1_000_000;
    /** Longs per record: the timestamp, then the id as four big-endian words. */
    static final int STRIDE = 5;

    /** Records per block of {@link #prefix}. */
    static final int BLOCK = 16;

    private final long[] records;
    private final int size;
    /**
     * The sums of the ids before each block boundary: four limbs (least significant first) for boundary
     * {@code k}, the sum of records {@code [0, k * BLOCK)} mod 2^256. Two bytes per record; it turns the sum
     * of any range into two lookups and at most {@code 2 * BLOCK} additions, so a fingerprint of the rest of
     * the range space (sent at every frame limit) no longer costs a pass over the records.
     */
    private final long[] prefix;

    private NegentropyStorage(long[] records, int size) {
        this.records = records;
        this.size = size;
        int boundaries = size / BLOCK + 1;
        this.prefix = new long[4 * boundaries];
        long[] sum = new long[4];
        for (int k = 1; k < boundaries; k++) {
            addIds((k - 1) * BLOCK, k * BLOCK, sum);
            System.arraycopy(sum, 0, prefix, 4 * k, 4);
        }
    }

    /**
     * A builder that accepts at most {@code maxRecords} records.
     *
     * @param maxRecords the cap, at least 0
     * @return an empty builder
     * @throws IllegalArgumentException if {@code maxRecords} is negative or above {@code Integer.MAX_VALUE / 5}
     */
    public static Builder builder(int maxRecords) {
        return new Builder(maxRecords);
    }

    /**
     * Collects the {@code (created_at, id)} of {@code events} into a storage, keeping 40 bytes per event and
     * never the events themselves. Requests the events with backpressure (a bounded prefetch); any order is
     * accepted, and the newest-first order of {@code EventStore.query} is turned around in linear time.
     *
     * @param events the events, for example {@code store.query(filter)}
     * @param maxRecords the cap on distinct records
     * @return the storage, or an error: {@link TooManyRecordsException} (the events are cancelled) or
     *     whatever {@code events} signals
     */
    public static Mono<NegentropyStorage> collect(Flux<Event> events, int maxRecords) {
        Objects.requireNonNull(events, "events");
        return Mono.defer(() -> {
            Builder builder = builder(maxRecords);
            return events.doOnNext(event -> builder.add(event.createdAt(), event.id()))
                    .then(Mono.fromSupplier(builder::build));
        });
    }

    /**
     * {@link #collect(Flux, int)} over pages of events, as {@code EventStore.queryPages} emits them: one
     * signal per page instead of one per event. Requests one page at a time (Reactor's default prefetch);
     * keeps 40 bytes per event, never the events or the pages.
     *
     * @param pages the events in pages, for example {@code store.queryPages(List.of(filter), 256)}
     * @param maxRecords the cap on distinct records
     * @return the storage, or an error: {@link TooManyRecordsException} (the pages are cancelled) or
     *     whatever {@code pages} signals
     */
    public static Mono<NegentropyStorage> collectPages(Flux<? extends Iterable<Event>> pages, int maxRecords) {
        Objects.requireNonNull(pages, "pages");
        return Mono.defer(() -> {
            Builder builder = builder(maxRecords);
            return pages.doOnNext(page -> {
                for (Event event : page) {
                    builder.add(event.createdAt(), event.id());
                }
            }).then(Mono.fromSupplier(builder::build));
        });
    }

    /** {@return the number of records} */
    public int size() {
        return size;
    }

    /**
     * The timestamp of record {@code index}.
     *
     * @param index 0 to {@code size() - 1}
     * @return its {@code created_at}
     */
    public long createdAt(int index) {
        return records[Objects.checkIndex(index, size) * STRIDE];
    }

    /**
     * The id of record {@code index}.
     *
     * @param index 0 to {@code size() - 1}
     * @return its 32 bytes, a fresh array
     */
    public byte[] id(int index) {
        byte[] out = new byte[Ids.LENGTH];
        writeId(Objects.checkIndex(index, size), out, 0);
        return out;
    }

    long word(int index, int word) {
        return records[index * STRIDE + 1 + word];
    }

    long timestampAt(int index) {
        return records[index * STRIDE];
    }

    void writeId(int index, byte[] out, int offset) {
        int base = index * STRIDE + 1;
        for (int w = 0; w < 4; w++) {
            long v = records[base + w];
            for (int b = 0; b < 8; b++) {
                out[offset + w * 8 + b] = (byte) (v >>> (56 - 8 * b));
            }
        }
    }

    /** Compares record {@code index} with {@code bound}: negative if the record is below it. */
    int compareTo(int index, Bound bound) {
        int base = index * STRIDE;
        int c = Long.compareUnsigned(records[base], bound.timestamp());
        if (c != 0) {
            return c;
        }
        for (int w = 0; w < 4; w++) {
            c = Long.compareUnsigned(records[base + 1 + w], bound.word(w));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** The first index in {@code [begin, end)} whose record is not below {@code bound}, else {@code end}. */
    int lowerBound(int begin, int end, Bound bound) {
        int lo = begin;
        int hi = end;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (compareTo(mid, bound) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Sets {@code sum} (four limbs, least significant first) to the sum of the ids of {@code [begin, end)} as
     * little-endian 256-bit numbers, mod 2^256: from the block prefix sums, plus the records outside whole blocks.
     */
    void sumIds(int begin, int end, long[] sum) {
        int firstBoundary = (begin + BLOCK - 1) / BLOCK;
        int lastBoundary = end / BLOCK;
        sum[0] = 0;
        sum[1] = 0;
        sum[2] = 0;
        sum[3] = 0;
        if (lastBoundary <= firstBoundary) {
            addIds(begin, end, sum);
            return;
        }
        // prefix[last] - prefix[first]: add the two's complement of prefix[first]
        int hi = 4 * lastBoundary;
        int lo = 4 * firstBoundary;
        long borrow = 0;
        for (int limb = 0; limb < 4; limb++) {
            long a = prefix[hi + limb];
            long b = prefix[lo + limb];
            long d = a - b - borrow;
            borrow = (Long.compareUnsigned(a, b) < 0 || (a == b && borrow == 1)) ? 1 : 0;
            sum[limb] = d;
        }
        addIds(begin, firstBoundary * BLOCK, sum);
        addIds(lastBoundary * BLOCK, end, sum);
    }

    /** Adds the ids of {@code [begin, end)} as little-endian 256-bit numbers into {@code sum} (four limbs, least significant first). */
    void addIds(int begin, int end, long[] sum) {
        long s0 = sum[0];
        long s1 = sum[1];
        long s2 = sum[2];
        long s3 = sum[3];
        for (int i = begin; i < end; i++) {
            int base = i * STRIDE + 1;
            // byte k of the id is byte k of the little-endian number: limb j is word j with its bytes reversed
            long a0 = Long.reverseBytes(records[base]);
            long a1 = Long.reverseBytes(records[base + 1]);
            long a2 = Long.reverseBytes(records[base + 2]);
            long a3 = Long.reverseBytes(records[base + 3]);
            long r0 = s0 + a0;
            long c0 = Long.compareUnsigned(r0, s0) < 0 ? 1 : 0;
            long t1 = s1 + a1;
            long c1 = Long.compareUnsigned(t1, s1) < 0 ? 1 : 0;
            long r1 = t1 + c0;
            c1 |= Long.compareUnsigned(r1, t1) < 0 ? 1 : 0;
            long t2 = s2 + a2;
            long c2 = Long.compareUnsigned(t2, s2) < 0 ? 1 : 0;
            long r2 = t2 + c1;
            c2 |= Long.compareUnsigned(r2, t2) < 0 ? 1 : 0;
            s0 = r0;
            s1 = r1;
            s2 = r2;
            s3 = s3 + a3 + c2;
        }
        sum[0] = s0;
        sum[1] = s1;
        sum[2] = s2;
        sum[3] = s3;
    }

    @Override
    public String toString() {
        return "NegentropyStorage[" + size + " records]";
    }

    /**
     * Accumulates records for a {@link NegentropyStorage}. Not thread-safe: one producer at a time.
     */
    public static final class Builder {

        private final int maxRecords;
        private long[] records = new long[16 * STRIDE];
        private int size;
        private boolean built;

        private Builder(int maxRecords) {
            if (maxRecords < 0 || maxRecords > Integer.MAX_VALUE / STRIDE) {
                throw new IllegalArgumentException("maxRecords must be 0 to " + Integer.MAX_VALUE / STRIDE
                        + ", got " + maxRecords);
            }
            this.maxRecords = maxRecords;
        }

        /**
         * Adds a record.
         *
         * @param createdAt the timestamp, non-negative
         * @param id the id as 64 lowercase or uppercase hex characters
         * @return this builder
         * @throws IllegalArgumentException if the timestamp is negative or the id is not 64 hex characters
         * @throws TooManyRecordsException if the builder already holds {@code maxRecords} records (duplicates
         *     count until {@link #build()} removes them)
         */
        public Builder add(long createdAt, String id) {
            Objects.requireNonNull(id, "id");
            int base = reserve(createdAt);
            Ids.parseHexInto(id, records, base + 1);
            size++;
            return this;
        }

        /**
         * Adds a record.
         *
         * @param createdAt the timestamp, non-negative
         * @param id the id, 32 bytes
         * @return this builder
         * @throws IllegalArgumentException if the timestamp is negative or the id is not 32 bytes
         * @throws TooManyRecordsException if the builder already holds {@code maxRecords} records
         */
        public Builder add(long createdAt, byte[] id) {
            Objects.requireNonNull(id, "id");
            if (id.length != Ids.LENGTH) {
                throw new IllegalArgumentException("an id has 32 bytes, got " + id.length);
            }
            int base = reserve(createdAt);
            Ids.readWords(id, 0, records, base + 1);
            size++;
            return this;
        }

        private int reserve(long createdAt) {
            if (built) {
                throw new IllegalStateException("already built");
            }
            if (createdAt < 0) {
                throw new IllegalArgumentException("created_at must be non-negative, got " + createdAt);
            }
            if (size >= maxRecords) {
                throw new TooManyRecordsException(maxRecords);
            }
            int base = size * STRIDE;
            if (base + STRIDE > records.length) {
                long grown = Math.min((long) maxRecords * STRIDE, Math.max(records.length * 2L, base + STRIDE));
                records = Arrays.copyOf(records, (int) grown);
            }
            records[base] = createdAt;
            return base;
        }

        /**
         * Sorts, removes duplicates and returns the storage; the builder cannot be used afterwards.
         * Linear when the records came sorted ascending or newest first (as {@code EventStore.query} emits
         * them), {@code O(n log n)} otherwise.
         *
         * @return the storage
         * @throws IllegalStateException if already built
         */
        public NegentropyStorage build() {
            if (built) {
                throw new IllegalStateException("already built");
            }
            built = true;
            RecordSort.sort(records, size);
            int distinct = RecordSort.dedupe(records, size);
            long[] out = records;
            if (out.length - distinct * STRIDE > out.length / 4) {
                out = Arrays.copyOf(out, distinct * STRIDE); // give back what doubling left unused
            }
            records = new long[0]; // the storage owns the array now; `built` refuses further use
            return new NegentropyStorage(out, distinct);
        }
    }
}
