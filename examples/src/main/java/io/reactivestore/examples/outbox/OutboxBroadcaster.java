package io.reactivestore.examples.outbox;

import io.reactivestore.examples.outbox.BroadcastReport.Attempt;
import io.reactivestore.outbox.OutboxEvent;
import io.reactivestore.outbox.OutboxStore;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * The broadcaster loop of an outbox: passes every unreceived event on to the network until the network has
 * confirmed it, retrying what failed, and stops by itself.
 *
 * <p>{@link #run()} first returns every event left <i>broadcast</i> by an earlier run that died mid-flight to
 * <i>new</i> ({@code markRebroadcast} of all pending ids: received events stay received). Then, in rounds: it
 * reads up to {@code batchSize} events from {@code unreceived()}, and one after another marks each broadcast,
 * publishes it, and marks it received when the answer is {@code true}, or back for rebroadcast when the answer
 * is {@code false}, an error, or missing after {@code answerTimeout}. It stops when nothing is unreceived, or
 * after {@code maxRounds} rounds; after a round with a failure it waits {@code retryDelay} before the next.
 * Errors of the store itself end the run.
 */
public final class OutboxBroadcaster {

    private static final int RECOVERY_BATCH = 500;

    private final OutboxStore<?> store;
    private final EventPublisher publisher;
    private final int batchSize;
    private final int maxRounds;
    private final Duration retryDelay;
    private final Duration answerTimeout;

    public OutboxBroadcaster(OutboxStore<?> store, EventPublisher publisher, int batchSize, int maxRounds,
            Duration retryDelay, Duration answerTimeout) {
        this.store = Objects.requireNonNull(store, "store");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        if (batchSize < 1 || maxRounds < 1) {
            throw new IllegalArgumentException("batchSize and maxRounds must be positive");
        }
        this.batchSize = batchSize;
        this.maxRounds = maxRounds;
        this.retryDelay = Objects.requireNonNull(retryDelay, "retryDelay");
        this.answerTimeout = Objects.requireNonNull(answerTimeout, "answerTimeout");
    }

    /** Runs the loop once to its end; see the class description. */
    public Mono<BroadcastReport> run() {
        return recoverInterrupted().then(Mono.defer(() -> round(1, BroadcastReport.NONE)));
    }

    private Mono<Void> recoverInterrupted() {
        return store.pending()
                .map(OutboxEvent::id)
                .buffer(RECOVERY_BATCH)
                .concatMap(store::markRebroadcast)
                .then();
    }

    private Mono<BroadcastReport> round(int round, BroadcastReport before) {
        return store.unreceived()
                .take(batchSize)
                .concatMap(this::broadcast)
                .reduce(before, BroadcastReport::add)
                .flatMap(after -> store.unreceived().count().flatMap(left -> {
                    BroadcastReport report = after.endRound(round, left);
                    if (left == 0 || round >= maxRounds) {
                        return Mono.just(report);
                    }
                    boolean hadFailures = after.rejected() + after.failed() > before.rejected() + before.failed();
                    Mono<Long> pause = hadFailures ? Mono.delay(retryDelay) : Mono.just(0L);
                    return pause.then(Mono.defer(() -> round(round + 1, report)));
                }));
    }

    private Mono<Attempt> broadcast(OutboxEvent event) {
        List<java.util.UUID> id = List.of(event.id());
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
}
