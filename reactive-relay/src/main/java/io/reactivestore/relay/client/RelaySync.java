package io.reactivestore.relay.client;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.negentropy.NegentropyStorage;
import io.reactivestore.store.EventStore;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reconciles a local {@link EventStore} with a relay for one filter by NIP-77 negentropy, then transfers
 * what differs: downloads the events only the relay has (saved locally) and uploads those only the local
 * store has (published), each direction optional.
 *
 * <pre>{@code
 * RelaySync.builder(store, client, Filter.builder().kinds(1).build())
 *         .upload(false)
 *         .build()
 *         .run()
 *         .doOnNext(System.out::println)
 *         .blockLast();
 * }</pre>
 *
 * <p><b>Memory.</b> The local side's ids and timestamps, 40 bytes per matching event, capped by
 * {@link Builder#maxRecords(int)}; the ids of one round's difference; events one batch at a time.
 *
 * <p><b>Resuming.</b> Nothing is kept between runs: an interrupted sync is resumed by running it again.
 * Events saved or published before the interruption are then on both sides, so the new reconciliation
 * lists only what is still missing (and costs little when little differs).
 *
 * <p><b>Trust.</b> Downloaded events are saved as the client delivers them: with
 * {@link RelayClientOptions#verifySignatures()} on (the default) their ids and signatures were checked.
 */
public final class RelaySync {

    private final EventStore local;
    private final RelayClient relay;
    private final Filter filter;
    private final boolean download;
    private final boolean upload;
    private final int maxRecords;
    private final int batchSize;
    private final int frameSizeLimit;

    private RelaySync(Builder b) {
        this.local = b.local;
        this.relay = b.relay;
        this.filter = b.filter;
        this.download = b.download;
        this.upload = b.upload;
        this.maxRecords = b.maxRecords;
        this.batchSize = b.batchSize;
        this.frameSizeLimit = b.frameSizeLimit;
    }

    /**
     * A builder for syncing {@code local} with the relay behind {@code relay} for {@code filter}.
     *
     * @param local the local store
     * @param relay a client of the relay
     * @param filter the events to sync; its {@code limit}, if any, applies on both sides
     * @return a builder with both directions on
     */
    public static Builder builder(EventStore local, RelayClient relay, Filter filter) {
        return new Builder(local, relay, filter);
    }

    /**
     * Runs the sync when subscribed: collects the local records, reconciles, and transfers the difference
     * round by round (downloads first, then uploads, one batch of {@link Builder#batchSize(int)} ids at a
     * time). Emits a {@link SyncProgress} after every round and every batch, the last one {@code done}.
     * Each subscription runs the sync again. Errors: the local store's, {@link
     * io.reactivestore.negentropy.TooManyRecordsException} past the local cap, and
     * {@link RelayClient#reconcile}'s ({@link RelayClientException.ClosedByRelay} with {@code blocked:}
     * when the relay's cap is passed). Cancelling stops the reconciliation and the transfers.
     *
     * @return the progress reports
     */
    public Flux<SyncProgress> run() {
        return Flux.defer(() -> {
            long started = System.nanoTime();
            State state = new State(started);
            return NegentropyStorage.collectPages(local.queryPages(List.of(filter), 256), maxRecords)
                    .flatMapMany(storage -> {
                        state.localRecords = storage.size();
                        return relay.reconcile(filter, storage, frameSizeLimit);
                    })
                    .concatMap(round -> {
                        state.round(round);
                        Flux<SyncProgress> downloads = download
                                ? Flux.fromIterable(round.need()).buffer(batchSize).concatMap(ids -> fetch(ids, state), 1)
                                : Flux.empty();
                        Flux<SyncProgress> uploads = upload
                                ? Flux.fromIterable(round.have()).buffer(batchSize).concatMap(ids -> push(ids, state), 1)
                                : Flux.empty();
                        return Flux.concat(Mono.fromSupplier(() -> state.progress(false)), downloads, uploads);
                    }, 1)
                    .concatWith(Mono.fromSupplier(() -> state.progress(true)));
        });
    }

    private Mono<SyncProgress> fetch(List<String> ids, State state) {
        return relay.fetch(Filter.builder().ids(ids).limit(ids.size()).build())
                .concatMap(local::save, 16)
                .count()
                .map(saved -> {
                    state.downloaded.addAndGet(saved);
                    return state.progress(false);
                });
    }

    private Mono<SyncProgress> push(List<String> ids, State state) {
        return local.query(Filter.builder().ids(ids).limit(ids.size()).build())
                .flatMap(relay::publish, 16)
                .reduce(new long[2], (counts, ok) -> {
                    counts[ok.accepted() ? 0 : 1]++;
                    return counts;
                })
                .map(counts -> {
                    state.uploaded.addAndGet(counts[0]);
                    state.refused.addAndGet(ids.size() - counts[0]);
                    return state.progress(false);
                });
    }

    /** Counters of one run. */
    private static final class State {
        final long started;
        volatile long localRecords;
        final AtomicInteger rounds = new AtomicInteger();
        final AtomicLong compared = new AtomicLong();
        final AtomicLong missingLocally = new AtomicLong();
        final AtomicLong missingRemotely = new AtomicLong();
        final AtomicLong downloaded = new AtomicLong();
        final AtomicLong uploaded = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();

        State(long started) {
            this.started = started;
        }

        void round(NegentropyRound round) {
            rounds.set(round.round());
            compared.set(round.recordsSettled());
            missingLocally.addAndGet(round.need().size());
            missingRemotely.addAndGet(round.have().size());
            bytes.set(round.bytesSent() + round.bytesReceived());
        }

        SyncProgress progress(boolean done) {
            return new SyncProgress(compared.get(), localRecords, rounds.get(), missingLocally.get(),
                    missingRemotely.get(), downloaded.get(), uploaded.get(), refused.get(), bytes.get(),
                    Duration.ofNanos(System.nanoTime() - started), done);
        }
    }

    /** Options of a {@link RelaySync}; {@link #build()} validates them. Not thread-safe. */
    public static final class Builder {
        private final EventStore local;
        private final RelayClient relay;
        private final Filter filter;
        private boolean download = true;
        private boolean upload = true;
        private int maxRecords = NegentropyStorage.DEFAULT_MAX_RECORDS;
        private int batchSize = 100;
        private int frameSizeLimit = RelayClient.NEGENTROPY_FRAME_SIZE_LIMIT;

        private Builder(EventStore local, RelayClient relay, Filter filter) {
            this.local = Objects.requireNonNull(local, "local");
            this.relay = Objects.requireNonNull(relay, "relay");
            this.filter = Objects.requireNonNull(filter, "filter");
        }

        /**
         * Whether to fetch and save the events only the relay has; default on.
         *
         * @param value whether to download
         * @return this builder
         */
        public Builder download(boolean value) {
            download = value;
            return this;
        }

        /**
         * Whether to publish the events only the local store has; default on.
         *
         * @param value whether to upload
         * @return this builder
         */
        public Builder upload(boolean value) {
            upload = value;
            return this;
        }

        /**
         * The cap on local events matching the filter; default {@link NegentropyStorage#DEFAULT_MAX_RECORDS}.
         *
         * @param value the cap, at least 1
         * @return this builder
         */
        public Builder maxRecords(int value) {
            maxRecords = value;
            return this;
        }

        /**
         * Ids per {@code REQ} when downloading and per local query when uploading; default 100. Keep it within
         * the relay's {@code max_limit}.
         *
         * @param value the batch size, at least 1
         * @return this builder
         */
        public Builder batchSize(int value) {
            batchSize = value;
            return this;
        }

        /**
         * The largest negentropy message sent; default {@link RelayClient#NEGENTROPY_FRAME_SIZE_LIMIT}.
         *
         * @param value 0 for none, or at least 4096
         * @return this builder
         */
        public Builder frameSizeLimit(int value) {
            frameSizeLimit = value;
            return this;
        }

        /**
         * Validates the options.
         *
         * @return the sync, not yet running
         * @throws IllegalArgumentException if an option is out of range
         */
        public RelaySync build() {
            if (maxRecords < 1 || batchSize < 1 || (frameSizeLimit != 0 && frameSizeLimit < 4096)) {
                throw new IllegalArgumentException("maxRecords and batchSize must be positive, frameSizeLimit 0 or at least 4096");
            }
            return new RelaySync(this);
        }
    }
}
