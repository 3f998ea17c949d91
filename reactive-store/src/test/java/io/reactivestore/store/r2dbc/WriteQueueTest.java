package io.reactivestore.store.r2dbc;

import static io.reactivestore.testing.TestEvents.ALICE;
import static io.reactivestore.testing.TestEvents.note;
import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.store.SaveResult;
import io.reactivestore.store.StoreClosedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/** The single writer's batching, bounds, ordering and closing, with a batch writer the test controls. */
class WriteQueueTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** Records each batch and holds it until the test releases it. */
    private static final class HeldWriter {
        final List<List<String>> batches = new CopyOnWriteArrayList<>();
        final List<Sinks.Empty<Void>> gates = new CopyOnWriteArrayList<>();

        Mono<Void> write(List<WriteQueue.SaveRequest> batch) {
            List<String> contents = new ArrayList<>();
            batch.forEach(r -> contents.add(r.row().event().content()));
            batches.add(contents);
            Sinks.Empty<Void> gate = Sinks.empty();
            gates.add(gate);
            return gate.asMono().doOnSuccess(v -> batch.forEach(r -> r.outcome().saved(SaveResult.SAVED)));
        }

        void release(int batch) {
            gates.get(batch).tryEmitEmpty();
        }
    }

    private static EventRow row(int i) {
        return EventRow.of(note(ALICE, 1000 + i, "e" + i));
    }

    @Test
    void savesArrivingWhileABatchIsWrittenFormTheNextBatchInArrivalOrder() {
        HeldWriter writer = new HeldWriter();
        WriteQueue queue = new WriteQueue("test", 100, 4, writer::write);
        List<SaveResult> results = new CopyOnWriteArrayList<>();
        IntStream.range(0, 7).forEach(i -> queue.save(row(i)).subscribe(results::add));

        awaitBatches(writer, 1);
        assertThat(writer.batches).containsExactly(List.of("e0"));
        writer.release(0);
        awaitBatches(writer, 2);
        assertThat(writer.batches.get(1)).containsExactly("e1", "e2", "e3", "e4");
        writer.release(1);
        awaitBatches(writer, 3);
        assertThat(writer.batches.get(2)).containsExactly("e5", "e6");
        writer.release(2);
        StepVerifier.create(queue.close()).expectComplete().verify(TIMEOUT);
        assertThat(results).hasSize(7).containsOnly(SaveResult.SAVED);
    }

    @Test
    void whenTheQueueIsFullLaterSavesWaitAndAreStillWrittenInOrder() {
        HeldWriter writer = new HeldWriter();
        WriteQueue queue = new WriteQueue("test", 2, 2, writer::write);
        List<SaveResult> results = new CopyOnWriteArrayList<>();
        IntStream.range(0, 9).forEach(i -> queue.save(row(i)).subscribe(results::add));
        for (int b = 0; b < 5; b++) {
            awaitBatches(writer, b + 1);
            assertThat(results).hasSize(b == 0 ? 0 : 1 + 2 * (b - 1));
            writer.release(b);
        }
        StepVerifier.create(queue.close()).expectComplete().verify(TIMEOUT);
        List<String> order = new ArrayList<>();
        writer.batches.forEach(order::addAll);
        assertThat(order).containsExactly("e0", "e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8");
        assertThat(writer.batches).allSatisfy(batch -> assertThat(batch).hasSizeLessThanOrEqualTo(2));
    }

    @Test
    void anExclusiveTaskRunsAloneBetweenTheBatchesAroundIt() {
        HeldWriter writer = new HeldWriter();
        WriteQueue queue = new WriteQueue("test", 100, 10, writer::write);
        List<String> log = new CopyOnWriteArrayList<>();
        queue.save(row(0)).subscribe(r -> log.add("e0"));
        awaitBatches(writer, 1);
        queue.save(row(1)).subscribe(r -> log.add("e1"));
        queue.exclusive(() -> Mono.fromCallable(() -> {
            log.add("exclusive, after " + writer.batches.size() + " batches");
            return 42;
        })).subscribe(v -> log.add("exclusive result " + v));
        queue.save(row(2)).subscribe(r -> log.add("e2"));
        writer.release(0);
        awaitBatches(writer, 2);
        writer.release(1);
        awaitBatches(writer, 3);
        writer.release(2);
        StepVerifier.create(queue.close()).expectComplete().verify(TIMEOUT);
        assertThat(writer.batches).containsExactly(List.of("e0"), List.of("e1"), List.of("e2"));
        assertThat(log).containsExactly("e0", "e1", "exclusive, after 2 batches", "exclusive result 42", "e2");
    }

    @Test
    void closeWaitsForQueuedWritesAndThenRefusesNewOnes() {
        HeldWriter writer = new HeldWriter();
        WriteQueue queue = new WriteQueue("test", 100, 10, writer::write);
        List<SaveResult> results = new CopyOnWriteArrayList<>();
        queue.save(row(0)).subscribe(results::add);
        awaitBatches(writer, 1);
        queue.save(row(1)).subscribe(results::add);
        Mono<Void> closed = queue.close();
        StepVerifier.create(queue.save(row(2))).expectError(StoreClosedException.class).verify(TIMEOUT);
        writer.release(0);
        awaitBatches(writer, 2);
        writer.release(1);
        StepVerifier.create(closed).expectComplete().verify(TIMEOUT);
        assertThat(results).containsExactly(SaveResult.SAVED, SaveResult.SAVED);
    }

    @Test
    void saveAllQueuesItsRowsTogetherAndCountsWhatWasStoredOnceAllAreWritten() {
        List<List<String>> batches = new CopyOnWriteArrayList<>();
        WriteQueue queue = new WriteQueue("test", 100, 10, batch -> Mono.fromRunnable(() -> {
            List<String> contents = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                contents.add(batch.get(i).row().event().content());
                batch.get(i).outcome().saved(i % 2 == 0 ? SaveResult.SAVED : SaveResult.DUPLICATE);
            }
            batches.add(contents);
        }));
        StepVerifier.create(queue.saveAll(List.of(row(0), row(1), row(2), row(3), row(4))))
                .expectNext(3L).expectComplete().verify(TIMEOUT);
        assertThat(batches).containsExactly(List.of("e0", "e1", "e2", "e3", "e4"));
        StepVerifier.create(queue.close()).expectComplete().verify(TIMEOUT);
    }

    @Test
    void saveAllFailsWithTheFirstErrorOnlyAfterEveryRowHasEnded() {
        IllegalStateException refused = new IllegalStateException("refused");
        HeldWriter writer = new HeldWriter();
        List<Object> ended = new CopyOnWriteArrayList<>();
        WriteQueue queue = new WriteQueue("test", 100, 2, batch -> {
            if (batch.get(0).row().event().content().equals("e0")) {
                batch.forEach(r -> r.outcome().failed(refused));
                return Mono.empty();
            }
            return writer.write(batch);
        });
        Mono<Long> all = queue.saveAll(List.of(row(0), row(1), row(2)))
                .doOnError(ended::add).doOnSuccess(ended::add);
        all.subscribe(v -> { }, e -> { });
        awaitBatches(writer, 1);
        assertThat(ended).isEmpty(); // e2's batch is still held
        writer.release(0);
        Flux.interval(Duration.ofMillis(5)).filter(t -> !ended.isEmpty()).next().block(TIMEOUT);
        assertThat(ended).containsExactly(refused);
        StepVerifier.create(queue.close()).expectComplete().verify(TIMEOUT);
    }

    private static void awaitBatches(HeldWriter writer, int n) {
        Flux.interval(Duration.ofMillis(5)).filter(t -> writer.batches.size() >= n).next().block(TIMEOUT);
    }
}
