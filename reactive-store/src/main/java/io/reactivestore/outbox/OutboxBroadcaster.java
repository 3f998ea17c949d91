package io.reactivestore.outbox;

import io.reactivestore.outbox.BroadcastReport.Attempt;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;

/**
 * The broadcaster loop of an outbox: passes unreceived events on to the network through an
 * {@link OutboxPublisher} until the network has confirmed them, retrying what failed, and stops by itself.
 * Build one with {@link #builder(OutboxStore, OutboxPublisher)}.
 *
 * <p><b>Rounds.</b> {@link #run()} works in rounds. Each round first asks the {@link BroadcastEligibility}.
 * When it says no, the round sends nothing and marks nothing (it reads only how many events are left).
 * When it says yes, the round reads at most {@code batchSize} events from {@link OutboxStore#unreceived()}
 * and, one after another, marks each broadcast, publishes it, and marks it received when the answer is
 * {@code true}, or back for rebroadcast when the answer is {@code false}, an error, or missing after
 * {@code answerTimeout}: so exactly the events sent in a round are marked, at most {@code batchSize} of them.
 * Before its first eligible round, a run returns every event left <i>broadcast</i> by an earlier run that
 * died mid-flight to <i>new</i> ({@code markRebroadcast} of all pending ids; received events stay received).
 *
 * <p><b>Stopping.</b> The run stops when nothing is unreceived, or after {@code maxRounds} rounds (skipped
 * ones included). After a round with a failure, or a skipped round, it waits {@code retryDelay} (on
 * {@code Schedulers.parallel()}, so virtual time drives it in tests) before the next; otherwise the next
 * round starts at once. Errors of the store itself end the run with that error; cancelling the run stops it
 * after the store write under way.
 *
 * <p>One run at a time per outbox: two concurrent runs would publish the same events twice (harmless for an
 * idempotent network, but wasteful).
 */
public final class OutboxBroadcaster {

    private static final int RECOVERY_BATCH = 500;

    private final OutboxStore<?> store;
    private final OutboxPublisher publisher;
    private final BroadcastEligibility eligibility;
    private final int batchSize;
    private final int maxRounds;
    private final Duration retryDelay;
    private final Duration answerTimeout;

    private OutboxBroadcaster(Builder b) {
        this.store = b.store;
        this.publisher = b.publisher;
        this.eligibility = b.eligibility;
        this.batchSize = b.batchSize;
        this.maxRounds = b.maxRounds;
        this.retryDelay = b.retryDelay;
        this.answerTimeout = b.answerTimeout;
    }

    /**
     * A builder of a broadcaster of {@code store}'s events through {@code publisher}.
     *
     * @param store the outbox
     * @param publisher passes one event to the network
     * @return a builder with the defaults described on its setters
     */
    public static Builder builder(OutboxStore<?> store, OutboxPublisher publisher) {
        return new Builder(store, publisher);
    }

    /**
     * Runs the loop once to its end; see the class description. Nothing happens until subscribed; each
     * subscription is a new run.
     *
     * @return the report, once the loop stopped
     */
    public Mono<BroadcastReport> run() {
        return Mono.defer(() -> round(1, BroadcastReport.NONE, new AtomicBoolean()));
    }

    private Mono<BroadcastReport> round(int round, BroadcastReport before, AtomicBoolean recovered) {
        return Mono.defer(eligibility::mayBroadcast)
                .onErrorReturn(false)
                .defaultIfEmpty(false)
                .flatMap(eligible -> eligible ? sendBatch(before, recovered) : Mono.just(before.skip()))
                .flatMap(after -> store.unreceived().count().flatMap(left -> {
                    BroadcastReport report = after.endRound(round, left);
                    if (left == 0 || round >= maxRounds) {
                        return Mono.just(report);
                    }
                    boolean skipped = after.skipped() > before.skipped();
                    boolean hadFailures = after.rejected() + after.failed() > before.rejected() + before.failed();
                    Mono<Long> pause = skipped || hadFailures ? Mono.delay(retryDelay) : Mono.just(0L);
                    return pause.then(Mono.defer(() -> round(round + 1, report, recovered)));
                }));
    }

    private Mono<BroadcastReport> sendBatch(BroadcastReport before, AtomicBoolean recovered) {
        Mono<Void> recovery = recovered.compareAndSet(false, true) ? recoverInterrupted() : Mono.empty();
        return recovery.then(store.unreceived()
                .take(batchSize)
                .concatMap(this::broadcast)
                .reduce(before, BroadcastReport::add));
    }

    private Mono<Void> recoverInterrupted() {
        return store.pending()
                .map(OutboxEvent::id)
                .buffer(RECOVERY_BATCH)
                .concatMap(store::markRebroadcast)
                .then();
    }

    private Mono<Attempt> broadcast(OutboxEvent event) {
        List<UUID> id = List.of(event.id());
        return store.markBroadcasted(id)
                .then(Mono.defer(() -> publisher.publish(event))
                        .timeout(answerTimeout)
                        .switchIfEmpty(Mono.error(() -> new IllegalStateException("no answer")))
                        .map(accepted -> accepted ? Attempt.RECEIVED : Attempt.REJECTED)
                        .onErrorReturn(Attempt.FAILED))
                .flatMap(attempt -> attempt == Attempt.RECEIVED
                        ? store.markReceived(event.id()).thenReturn(attempt)
                        : store.markRebroadcast(id).thenReturn(attempt));
    }

    /** Options of an {@link OutboxBroadcaster}; validated as they are set. Not thread-safe. */
    public static final class Builder {
        private final OutboxStore<?> store;
        private final OutboxPublisher publisher;
        private BroadcastEligibility eligibility = BroadcastEligibility.always();
        private int batchSize = 100;
        private int maxRounds = 10;
        private Duration retryDelay = Duration.ofSeconds(5);
        private Duration answerTimeout = Duration.ofSeconds(30);

        private Builder(OutboxStore<?> store, OutboxPublisher publisher) {
            this.store = Objects.requireNonNull(store, "store");
            this.publisher = Objects.requireNonNull(publisher, "publisher");
        }

        /**
         * The check asked at the start of every round (default {@link BroadcastEligibility#always()}).
         *
         * @param value the check
         * @return this builder
         */
        public Builder eligibility(BroadcastEligibility value) {
            this.eligibility = Objects.requireNonNull(value, "eligibility");
            return this;
        }

        /**
         * At most this many events are sent (and marked) per round (default 100).
         *
         * @param value at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code value < 1}
         */
        public Builder batchSize(int value) {
            this.batchSize = positive("batchSize", value);
            return this;
        }

        /**
         * The run gives up after this many rounds, skipped ones included (default 10).
         *
         * @param value at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code value < 1}
         */
        public Builder maxRounds(int value) {
            this.maxRounds = positive("maxRounds", value);
            return this;
        }

        /**
         * The pause after a round with a failure or a skipped round (default 5 s).
         *
         * @param value not negative
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder retryDelay(Duration value) {
            if (Objects.requireNonNull(value, "retryDelay").isNegative()) {
                throw new IllegalArgumentException("retryDelay: must not be negative, got " + value);
            }
            this.retryDelay = value;
            return this;
        }

        /**
         * How long to wait for the network's answer to one event (default 30 s); no answer counts as a failure.
         *
         * @param value positive
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder answerTimeout(Duration value) {
            Objects.requireNonNull(value, "answerTimeout");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("answerTimeout: must be positive, got " + value);
            }
            this.answerTimeout = value;
            return this;
        }

        /**
         * The broadcaster; {@link OutboxBroadcaster#run()} starts a run.
         *
         * @return a new broadcaster with these options
         */
        public OutboxBroadcaster build() {
            return new OutboxBroadcaster(this);
        }

        private static int positive(String field, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(field + ": must be at least 1, got " + value);
            }
            return value;
        }
    }
}
