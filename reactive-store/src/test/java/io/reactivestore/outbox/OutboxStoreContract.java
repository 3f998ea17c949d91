package io.reactivestore.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.store.StoreClosedException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * The behaviour every {@link OutboxStore} backend keeps, defined once. A backend's test extends this class and
 * says how to open an empty store and how to run work in a caller transaction on the same storage.
 *
 * @param <C> the backend's caller transaction handle
 */
public abstract class OutboxStoreContract<C> {

    protected static final String VOTE = "vote";
    protected static final String TRANSFER = "transfer";
    protected static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final List<OutboxStore<C>> opened = new ArrayList<>();

    /** A new store on fresh, empty storage; the contract closes it after each test. */
    protected abstract OutboxStore<C> openEmpty(OutboxConfig config);

    /**
     * Runs {@code work} in a new caller transaction on the storage of the store opened last: commits when the
     * work completes, rolls back when it fails.
     */
    protected abstract <R> Mono<R> inCallerTransaction(Function<C, Mono<R>> work);

    /**
     * Runs {@code work} with a caller handle that is not in an open transaction (for SQL a connection in
     * auto-commit, for memory a transaction that has ended), on the storage of the store opened last.
     */
    protected abstract <R> Mono<R> outsideCallerTransaction(Function<C, Mono<R>> work);

    protected final OutboxStore<C> open(OutboxConfig config) {
        OutboxStore<C> store = openEmpty(config);
        opened.add(store);
        return store;
    }

    protected final OutboxStore<C> open() {
        return open(OutboxConfig.builder().eventTypes(VOTE, TRANSFER).build());
    }

    @AfterEach
    void closeStores() {
        Flux.fromIterable(opened).concatMap(OutboxStore::close).then().block(TIMEOUT);
    }

    protected static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    protected static <T> List<T> list(Flux<T> flux) {
        return flux.collectList().block(TIMEOUT);
    }

    private static List<UUID> ids(Flux<OutboxEvent> events) {
        return list(events.map(OutboxEvent::id));
    }

    private static UUID stored(OutboxStore<?> store, String data) {
        StoreResult result = store.store(bytes(data), VOTE).block(TIMEOUT);
        assertThat(result.outcome()).isEqualTo(StoreResult.Outcome.STORED);
        return result.id();
    }

    // ----- store, ids, types

    @Test
    void storedEventIsUnreceivedWithItsDerivedId() {
        OutboxStore<C> store = open();
        StepVerifier.create(store.store(bytes("block 7: deposit 5"), VOTE))
                .expectNext(new StoreResult(OutboxEvent.idOf(VOTE, bytes("block 7: deposit 5")),
                        StoreResult.Outcome.STORED))
                .expectComplete()
                .verify(TIMEOUT);
        StepVerifier.create(store.unreceived())
                .expectNext(OutboxEvent.of(VOTE, bytes("block 7: deposit 5")))
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void unknownTypeIsATypedErrorAndStoresNothing() {
        OutboxStore<C> store = open();
        StepVerifier.create(store.store(bytes("x"), "unregistered"))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(UnknownEventTypeException.class)
                        .extracting(t -> ((UnknownEventTypeException) t).type()).isEqualTo("unregistered"))
                .verify(TIMEOUT);
        assertThat(list(store.pending())).isEmpty();
    }

    @Test
    void dataOverTheLimitIsATypedErrorAndStoresNothing() {
        OutboxStore<C> store = open(OutboxConfig.builder().eventTypes(VOTE).maxDataBytes(8).build());
        StepVerifier.create(store.store(new byte[9], VOTE))
                .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(OutboxInputException.class)
                        .extracting(t -> ((OutboxInputException) t).field()).isEqualTo("data"))
                .verify(TIMEOUT);
        StepVerifier.create(store.store(new byte[8], VOTE).map(StoreResult::outcome))
                .expectNext(StoreResult.Outcome.STORED).expectComplete().verify(TIMEOUT);
    }

    @Test
    void sameDataUnderAnotherTypeIsAnotherEvent() {
        OutboxStore<C> store = open();
        store.store(bytes("same"), VOTE).block(TIMEOUT);
        StepVerifier.create(store.store(bytes("same"), TRANSFER).map(StoreResult::outcome))
                .expectNext(StoreResult.Outcome.STORED).expectComplete().verify(TIMEOUT);
        assertThat(list(store.unreceived().map(OutboxEvent::type))).containsExactly(VOTE, TRANSFER);
    }

    @Test
    void storingAgainChangesNothingInAnyState() {
        OutboxStore<C> store = open();
        UUID fresh = stored(store, "fresh");
        UUID broadcast = stored(store, "broadcast");
        UUID received = stored(store, "received");
        store.markBroadcasted(List.of(broadcast)).block(TIMEOUT);
        store.markReceived(received).block(TIMEOUT);

        for (String data : List.of("fresh", "broadcast", "received")) {
            StepVerifier.create(store.store(bytes(data), VOTE).map(StoreResult::outcome))
                    .expectNext(StoreResult.Outcome.ALREADY_STORED).expectComplete().verify(TIMEOUT);
        }
        assertThat(ids(store.unreceived())).containsExactly(fresh);
        assertThat(ids(store.pending())).containsExactly(fresh, broadcast, received);
    }

    @Test
    void processedEventIsSilentlyIgnoredAndNeverStored() {
        UUID processed = OutboxEvent.idOf(VOTE, bytes("resolved long ago"));
        OutboxStore<C> store = open(OutboxConfig.builder().eventTypes(VOTE)
                .processedCheck(id -> Mono.just(id.equals(processed))).build());
        StepVerifier.create(store.store(bytes("resolved long ago"), VOTE))
                .expectNext(new StoreResult(processed, StoreResult.Outcome.ALREADY_PROCESSED))
                .expectComplete()
                .verify(TIMEOUT);
        StepVerifier.create(store.store(bytes("new"), VOTE).map(StoreResult::outcome))
                .expectNext(StoreResult.Outcome.STORED).expectComplete().verify(TIMEOUT);
        assertThat(list(store.pending().map(e -> new String(e.data(), StandardCharsets.UTF_8))))
                .containsExactly("new");
    }

    @Test
    void processedCheckIsAskedOnlyForEventsNotStoredYet() {
        List<UUID> askedInOrder = java.util.Collections.synchronizedList(new ArrayList<>());
        OutboxStore<C> store = open(OutboxConfig.builder().eventTypes(VOTE).processedCheck(id -> {
            askedInOrder.add(id);
            return Mono.empty(); // empty means "not processed"
        }).build());
        UUID id = stored(store, "once");
        store.store(bytes("once"), VOTE).block(TIMEOUT);
        store.store(bytes("once"), VOTE).block(TIMEOUT);
        assertThat(askedInOrder).containsExactly(id);
    }

    @Test
    void failingProcessedCheckFailsTheStoreAndStoresNothing() {
        OutboxStore<C> store = open(OutboxConfig.builder().eventTypes(VOTE)
                .processedCheck(id -> Mono.error(new IllegalStateException("vote store down"))).build());
        StepVerifier.create(store.store(bytes("x"), VOTE))
                .expectErrorMessage("vote store down")
                .verify(TIMEOUT);
        assertThat(list(store.pending())).isEmpty();
    }

    // ----- marks

    @Test
    void unreceivedListsNewEventsInTheOrderFirstStored() {
        OutboxStore<C> store = open();
        List<UUID> expected = IntStream.range(0, 20).mapToObj(i -> stored(store, "event " + (19 - i))).toList();
        assertThat(ids(store.unreceived())).containsExactlyElementsOf(expected);
        assertThat(ids(store.pending())).containsExactlyElementsOf(expected);
    }

    @Test
    void markBroadcastedRemovesFromUnreceivedButNotFromPending() {
        OutboxStore<C> store = open();
        UUID a = stored(store, "a");
        UUID b = stored(store, "b");
        UUID c = stored(store, "c");
        StepVerifier.create(store.markBroadcasted(List.of(a, c))).expectComplete().verify(TIMEOUT);
        assertThat(ids(store.unreceived())).containsExactly(b);
        assertThat(ids(store.pending())).containsExactly(a, b, c);
    }

    @Test
    void markRebroadcastBringsBroadcastEventsBack() {
        OutboxStore<C> store = open();
        UUID a = stored(store, "a");
        UUID b = stored(store, "b");
        store.markBroadcasted(List.of(a, b)).block(TIMEOUT);
        StepVerifier.create(store.markRebroadcast(List.of(b))).expectComplete().verify(TIMEOUT);
        assertThat(ids(store.unreceived())).containsExactly(b);
        store.markRebroadcast(List.of(a)).block(TIMEOUT);
        assertThat(ids(store.unreceived())).containsExactly(a, b);
    }

    @Test
    void receivedEventNeverComesBack() {
        OutboxStore<C> store = open();
        UUID broadcastFirst = stored(store, "broadcast first");
        UUID neverBroadcast = stored(store, "never broadcast");
        store.markBroadcasted(List.of(broadcastFirst)).block(TIMEOUT);
        StepVerifier.create(store.markReceived(broadcastFirst)).expectComplete().verify(TIMEOUT);
        StepVerifier.create(store.markReceived(neverBroadcast)).expectComplete().verify(TIMEOUT);

        store.markRebroadcast(List.of(broadcastFirst, neverBroadcast)).block(TIMEOUT);
        store.markBroadcasted(List.of(broadcastFirst, neverBroadcast)).block(TIMEOUT);
        store.markRebroadcast(List.of(broadcastFirst, neverBroadcast)).block(TIMEOUT);
        store.store(bytes("broadcast first"), VOTE).block(TIMEOUT);
        assertThat(list(store.unreceived())).isEmpty();
        assertThat(list(store.observed(List.of(broadcastFirst, neverBroadcast)))).isEmpty();
        assertThat(ids(store.pending())).containsExactly(broadcastFirst, neverBroadcast);
    }

    @Test
    void marksOfUnknownIdsChangeNothingAndAreNotErrors() {
        OutboxStore<C> store = open();
        UUID a = stored(store, "a");
        UUID unknown = OutboxEvent.idOf(VOTE, bytes("never stored"));
        StepVerifier.create(store.markBroadcasted(List.of(unknown))).expectComplete().verify(TIMEOUT);
        StepVerifier.create(store.markRebroadcast(List.of(unknown))).expectComplete().verify(TIMEOUT);
        StepVerifier.create(store.markReceived(unknown)).expectComplete().verify(TIMEOUT);
        StepVerifier.create(store.markBroadcasted(List.of())).expectComplete().verify(TIMEOUT);
        assertThat(ids(store.pending())).containsExactly(a);
        assertThat(ids(store.unreceived())).containsExactly(a);
    }

    @Test
    void marksOfManyIdsAtOnceApplyToAllStoredOnes() {
        OutboxStore<C> store = open();
        List<UUID> stored = IntStream.range(0, 3).mapToObj(i -> stored(store, "many " + i)).toList();
        List<UUID> many = new ArrayList<>(IntStream.range(0, 1500).mapToObj(i -> UUID.randomUUID()).toList());
        many.add(0, stored.get(0));
        many.add(700, stored.get(1));
        many.add(stored.get(2));
        StepVerifier.create(store.markBroadcasted(many)).expectComplete().verify(TIMEOUT);
        assertThat(list(store.unreceived())).isEmpty();
        assertThat(list(store.observed(many))).isEmpty();
        store.markRebroadcast(many).block(TIMEOUT);
        assertThat(ids(store.unreceived())).containsExactlyElementsOf(stored);
        assertThat(list(store.observed(many))).containsExactlyInAnyOrderElementsOf(stored);
    }

    @Test
    void markRebroadcastOfANewEventLeavesItNew() {
        OutboxStore<C> store = open();
        UUID a = stored(store, "a");
        store.markRebroadcast(List.of(a)).block(TIMEOUT);
        assertThat(ids(store.unreceived())).containsExactly(a);
    }

    @Test
    void observedTellsWhichIdsAreStoredAndNotYetBroadcast() {
        OutboxStore<C> store = open();
        UUID fresh = stored(store, "fresh");
        UUID broadcast = stored(store, "broadcast");
        UUID received = stored(store, "received");
        UUID unknown = OutboxEvent.idOf(VOTE, bytes("unknown"));
        store.markBroadcasted(List.of(broadcast)).block(TIMEOUT);
        store.markReceived(received).block(TIMEOUT);
        assertThat(list(store.observed(List.of(fresh, broadcast, received, unknown, fresh))))
                .containsExactly(fresh);
        assertThat(list(store.observed(List.of()))).isEmpty();
    }

    // ----- delete in the caller's transaction

    @Test
    void deleteCommitsWithTheCallersTransaction() {
        OutboxStore<C> store = open();
        UUID a = stored(store, "a");
        UUID b = stored(store, "b");
        store.markBroadcasted(List.of(b)).block(TIMEOUT);
        StepVerifier.create(inCallerTransaction(tx -> store.delete(tx, List.of(a, b)).thenReturn("resolved")))
                .expectNext("resolved").expectComplete().verify(TIMEOUT);
        assertThat(list(store.pending())).isEmpty();
        assertThat(list(store.unreceived())).isEmpty();
    }

    @Test
    void deleteRollsBackWithTheCallersTransaction() {
        OutboxStore<C> store = open();
        UUID a = stored(store, "a");
        StepVerifier.create(inCallerTransaction(tx -> store.delete(tx, a)
                        .then(Mono.error(new IllegalStateException("caller's work failed")))))
                .expectErrorMessage("caller's work failed")
                .verify(TIMEOUT);
        assertThat(ids(store.pending())).containsExactly(a);
        assertThat(ids(store.unreceived())).containsExactly(a);
    }

    @Test
    void deleteIsIdempotent() {
        OutboxStore<C> store = open();
        UUID a = stored(store, "a");
        UUID unknown = OutboxEvent.idOf(VOTE, bytes("unknown"));
        StepVerifier.create(inCallerTransaction(tx -> store.delete(tx, List.of(a, unknown))
                        .then(store.delete(tx, a)).thenReturn(true)))
                .expectNext(true).expectComplete().verify(TIMEOUT);
        StepVerifier.create(inCallerTransaction(tx -> store.delete(tx, a).thenReturn(true)))
                .expectNext(true).expectComplete().verify(TIMEOUT);
        assertThat(list(store.pending())).isEmpty();
    }

    @Test
    void readsDuringTheCallersTransactionSeeTheLastCommittedStateWithoutWaiting() {
        OutboxStore<C> store = open();
        UUID a = stored(store, "a");
        UUID b = stored(store, "b");
        StepVerifier.create(inCallerTransaction(tx -> store.delete(tx, a)
                        .then(Mono.zip(store.pending().map(OutboxEvent::id).collectList(),
                                store.unreceived().count()))))
                .assertNext(seen -> {
                    assertThat(seen.getT1()).containsExactly(a, b);
                    assertThat(seen.getT2()).isEqualTo(2);
                })
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(ids(store.pending())).containsExactly(b);
    }

    @Test
    void deleteOutsideACallerTransactionIsRefusedAndDeletesNothing() {
        OutboxStore<C> store = open();
        UUID a = stored(store, "a");
        StepVerifier.create(outsideCallerTransaction(tx -> store.delete(tx, a)))
                .expectError(NotInTransactionException.class)
                .verify(TIMEOUT);
        assertThat(ids(store.pending())).containsExactly(a);
    }

    @Test
    void deletedEventCanBeStoredAgainUnlessProcessed() {
        Set<UUID> processed = ConcurrentHashMap.newKeySet();
        OutboxStore<C> store = open(OutboxConfig.builder().eventTypes(VOTE)
                .processedCheck(id -> Mono.just(processed.contains(id))).build());
        UUID a = stored(store, "a");
        inCallerTransaction(tx -> store.delete(tx, a).then(Mono.fromRunnable(() -> processed.add(a)))
                .thenReturn(true)).block(TIMEOUT);
        StepVerifier.create(store.store(bytes("a"), VOTE).map(StoreResult::outcome))
                .expectNext(StoreResult.Outcome.ALREADY_PROCESSED).expectComplete().verify(TIMEOUT);
        assertThat(list(store.pending())).isEmpty();
    }

    // ----- the transactional outbox: store and marks in the caller's transaction

    @Test
    void storeAndMarksInTheCallersTransactionCommitWithIt() {
        OutboxStore<C> store = open();
        UUID a = stored(store, "a");
        UUID b = stored(store, "b");
        StoreResult c = inCallerTransaction(tx -> store.in(tx).markReceived(a)
                .then(store.in(tx).markBroadcasted(List.of(b)))
                .then(store.in(tx).store(bytes("c"), VOTE))).block(TIMEOUT);
        assertThat(c).isEqualTo(new StoreResult(OutboxEvent.idOf(VOTE, bytes("c")), StoreResult.Outcome.STORED));
        assertThat(ids(store.unreceived())).containsExactly(c.id());
        assertThat(ids(store.pending())).containsExactly(a, b, c.id());
        assertThat(list(store.observed(List.of(a, b, c.id())))).containsExactly(c.id());
        StepVerifier.create(store.store(bytes("c"), VOTE).map(StoreResult::outcome))
                .expectNext(StoreResult.Outcome.ALREADY_STORED).expectComplete().verify(TIMEOUT);
    }

    @Test
    void storeAndMarksInTheCallersTransactionRollBackWithIt() {
        OutboxStore<C> store = open();
        UUID a = stored(store, "a");
        UUID b = stored(store, "b");
        StepVerifier.create(inCallerTransaction(tx -> store.in(tx).markReceived(a)
                        .then(store.in(tx).markBroadcasted(List.of(b)))
                        .then(store.in(tx).store(bytes("c"), VOTE))
                        .then(store.in(tx).delete(b))
                        .then(Mono.error(new IllegalStateException("caller's work failed")))))
                .expectErrorMessage("caller's work failed")
                .verify(TIMEOUT);
        assertThat(ids(store.unreceived())).containsExactly(a, b);
        assertThat(ids(store.pending())).containsExactly(a, b);
    }

    @Test
    void aConcurrentReaderDoesNotSeeMarkReceivedUntilTheCallerCommits() {
        OutboxStore<C> store = open();
        UUID a = stored(store, "a");
        StepVerifier.create(inCallerTransaction(tx -> store.in(tx).markReceived(a)
                        .then(store.in(tx).store(bytes("b"), VOTE))
                        .then(Mono.zip(store.unreceived().map(OutboxEvent::id).collectList(),
                                store.observed(List.of(a)).collectList()))))
                .assertNext(before -> {
                    assertThat(before.getT1()).as("unreceived before the commit").containsExactly(a);
                    assertThat(before.getT2()).as("observed before the commit").containsExactly(a);
                })
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(ids(store.unreceived())).containsExactly(OutboxEvent.idOf(VOTE, bytes("b")));
    }

    @Test
    void theTransactionalOperationsFollowTheStoresRules() {
        Set<UUID> processed = Set.of(OutboxEvent.idOf(VOTE, bytes("processed")));
        OutboxStore<C> store = open(OutboxConfig.builder().eventTypes(VOTE).maxDataBytes(16)
                .processedCheck(id -> Mono.just(processed.contains(id))).build());
        UUID a = stored(store, "a");
        List<StoreResult.Outcome> outcomes = inCallerTransaction(tx -> Flux.concat(
                        store.in(tx).store(bytes("a"), VOTE), store.in(tx).store(bytes("processed"), VOTE))
                .map(StoreResult::outcome).collectList()).block(TIMEOUT);
        assertThat(outcomes).containsExactly(StoreResult.Outcome.ALREADY_STORED, StoreResult.Outcome.ALREADY_PROCESSED);
        StepVerifier.create(inCallerTransaction(tx -> store.in(tx).store(bytes("x"), TRANSFER)))
                .expectError(UnknownEventTypeException.class).verify(TIMEOUT);
        StepVerifier.create(inCallerTransaction(tx -> store.in(tx).store(new byte[17], VOTE)))
                .expectError(OutboxInputException.class).verify(TIMEOUT);
        assertThat(ids(store.pending())).containsExactly(a);
    }

    @Test
    void transactionalOperationsOutsideACallerTransactionAreRefusedAndChangeNothing() {
        OutboxStore<C> store = open();
        UUID a = stored(store, "a");
        StepVerifier.create(outsideCallerTransaction(tx -> store.in(tx).markReceived(a)))
                .expectError(NotInTransactionException.class).verify(TIMEOUT);
        StepVerifier.create(outsideCallerTransaction(tx -> store.in(tx).markBroadcasted(List.of(a))))
                .expectError(NotInTransactionException.class).verify(TIMEOUT);
        StepVerifier.create(outsideCallerTransaction(tx -> store.in(tx).store(bytes("b"), VOTE)))
                .expectError(NotInTransactionException.class).verify(TIMEOUT);
        assertThat(ids(store.unreceived())).containsExactly(a);
    }

    // ----- serialization and reads

    @Test
    void readsDoNotWaitForQueuedWritesWhichRunInTurn() throws Exception {
        OutboxStore<C> store = open();
        UUID a = stored(store, "a");
        Sinks.Empty<Void> gate = Sinks.empty();
        CompletableFuture<Void> held = ((SerializedOutboxStore<C>) store).writeQueue().submit(gate.asMono())
                .toFuture();
        CompletableFuture<Void> mark = store.markBroadcasted(List.of(a)).toFuture();

        assertThat(ids(store.unreceived())).containsExactly(a);
        assertThat(ids(store.pending())).containsExactly(a);
        assertThat(list(store.observed(List.of(a)))).containsExactly(a);
        assertThat(store.kv("progress").get("height").blockOptional(TIMEOUT)).isEmpty();
        assertThat(mark).isNotDone();

        gate.tryEmitEmpty();
        held.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        mark.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(list(store.unreceived())).isEmpty();
    }

    @Test
    void concurrentStoresAndMarksEndInTheStateEachSequenceLeaves() {
        OutboxStore<C> store = open(OutboxConfig.builder().eventTypes(VOTE).writeQueueCapacity(4096).build());
        int n = 120;
        Flux.range(0, n)
                .flatMap(i -> {
                    Mono<Void> sequence = store.store(bytes("concurrent " + i), VOTE)
                            .flatMap(r -> store.markBroadcasted(List.of(r.id()))
                                    .then(i % 2 == 0 ? store.markRebroadcast(List.of(r.id())) : Mono.empty())
                                    .then(i % 3 == 0 ? store.markReceived(r.id()) : Mono.empty()));
                    return sequence.subscribeOn(Schedulers.parallel());
                }, 64)
                .then()
                .block(Duration.ofSeconds(60));
        Set<UUID> expectedUnreceived = new java.util.HashSet<>();
        for (int i = 0; i < n; i++) {
            if (i % 2 == 0 && i % 3 != 0) {
                expectedUnreceived.add(OutboxEvent.idOf(VOTE, bytes("concurrent " + i)));
            }
        }
        assertThat(ids(store.unreceived())).containsExactlyInAnyOrderElementsOf(expectedUnreceived);
        assertThat(ids(store.pending())).hasSize(n).doesNotHaveDuplicates();
    }

    @Test
    void concurrentStoresOfTheSameEventStoreItOnce() {
        OutboxStore<C> store = open();
        List<StoreResult.Outcome> outcomes = list(Flux.range(0, 50)
                .flatMap(i -> store.store(bytes("same"), VOTE).subscribeOn(Schedulers.parallel()))
                .map(StoreResult::outcome));
        assertThat(outcomes).hasSize(50).containsOnlyOnce(StoreResult.Outcome.STORED)
                .containsOnly(StoreResult.Outcome.STORED, StoreResult.Outcome.ALREADY_STORED);
        assertThat(list(store.pending())).hasSize(1);
    }

    // ----- against a reference model

    /**
     * Random sequences of stores, marks and (committed or rolled back) deletes over eight possible events, checked
     * after every step against a model of the rules in {@link OutboxStore}: a map of states in the order first
     * stored. Seeded, so a failure names its seed and step.
     */
    @Test
    void randomOperationSequencesAgreeWithTheReferenceModel() {
        List<UUID> universe = IntStream.range(0, 8).mapToObj(i -> OutboxEvent.idOf(VOTE, bytes("e" + i))).toList();
        for (long seed = 1; seed <= 6; seed++) {
            OutboxStore<C> store = open();
            java.util.Random random = new java.util.Random(seed);
            java.util.LinkedHashMap<UUID, String> model = new java.util.LinkedHashMap<>(); // id -> state, store order
            for (int step = 0; step < 30; step++) {
                int pick = random.nextInt(universe.size());
                UUID one = universe.get(pick);
                List<UUID> some = universe.stream().filter(id -> random.nextInt(3) == 0).toList();
                String what;
                switch (random.nextInt(6)) {
                    case 0, 1 -> {
                        what = "store e" + pick;
                        store.store(bytes("e" + pick), VOTE).block(TIMEOUT);
                        model.putIfAbsent(one, "new");
                    }
                    case 2 -> {
                        what = "markBroadcasted " + some;
                        store.markBroadcasted(some).block(TIMEOUT);
                        some.forEach(id -> model.computeIfPresent(id, (k, v) -> v.equals("new") ? "broadcast" : v));
                    }
                    case 3 -> {
                        what = "markRebroadcast " + some;
                        store.markRebroadcast(some).block(TIMEOUT);
                        some.forEach(id -> model.computeIfPresent(id, (k, v) -> v.equals("broadcast") ? "new" : v));
                    }
                    case 4 -> {
                        what = "markReceived " + one;
                        store.markReceived(one).block(TIMEOUT);
                        model.computeIfPresent(one, (k, v) -> "received");
                    }
                    default -> {
                        boolean commit = random.nextBoolean();
                        what = (commit ? "delete " : "delete, rolled back, ") + some;
                        inCallerTransaction(tx -> store.delete(tx, some)
                                .then(commit ? Mono.just(true) : Mono.error(new IllegalStateException("rollback"))))
                                .onErrorResume(IllegalStateException.class, e -> Mono.just(false))
                                .block(TIMEOUT);
                        if (commit) {
                            some.forEach(model::remove);
                        }
                    }
                }
                String context = "seed " + seed + ", step " + step + ": " + what;
                List<UUID> expectedNew = model.entrySet().stream().filter(e -> e.getValue().equals("new"))
                        .map(java.util.Map.Entry::getKey).toList();
                assertThat(ids(store.unreceived())).as(context).containsExactlyElementsOf(expectedNew);
                assertThat(ids(store.pending())).as(context).containsExactlyElementsOf(model.keySet());
                assertThat(list(store.observed(universe))).as(context).containsExactlyInAnyOrderElementsOf(expectedNew);
            }
        }
    }

    // ----- key-value

    @Test
    void kvGetsWhatWasSetAndNothingAfterDelete() {
        OutboxStore<C> store = open();
        OutboxKv kv = store.kv("ethereum");
        StepVerifier.create(kv.get("last-block")).expectComplete().verify(TIMEOUT);
        StepVerifier.create(kv.set("last-block", bytes("100"))).expectComplete().verify(TIMEOUT);
        kv.set("last-block", bytes("101")).block(TIMEOUT);
        StepVerifier.create(kv.get("last-block").map(v -> new String(v, StandardCharsets.UTF_8)))
                .expectNext("101").expectComplete().verify(TIMEOUT);
        StepVerifier.create(kv.delete("last-block")).expectComplete().verify(TIMEOUT);
        StepVerifier.create(kv.delete("last-block")).expectComplete().verify(TIMEOUT);
        StepVerifier.create(kv.get("last-block")).expectComplete().verify(TIMEOUT);
    }

    @Test
    void kvPrefixesNeverCollideEvenWhenOneIsAPrefixOfTheOther() {
        OutboxStore<C> store = open();
        store.kv("a").set("bc", bytes("a|bc")).block(TIMEOUT);
        store.kv("ab").set("c", bytes("ab|c")).block(TIMEOUT);
        store.kv("abc").set("x", bytes("abc|x")).block(TIMEOUT);
        store.kv("a:b").set("c", bytes("a:b|c")).block(TIMEOUT);
        store.kv("a").set("b:c", bytes("a|b:c")).block(TIMEOUT);

        assertThat(text(store.kv("a").get("bc"))).isEqualTo("a|bc");
        assertThat(text(store.kv("ab").get("c"))).isEqualTo("ab|c");
        assertThat(text(store.kv("a:b").get("c"))).isEqualTo("a:b|c");
        assertThat(text(store.kv("a").get("b:c"))).isEqualTo("a|b:c");
        assertThat(store.kv("ab").get("cx").blockOptional(TIMEOUT)).isEmpty();
        assertThat(store.kv("abc").get("c").blockOptional(TIMEOUT)).isEmpty();
        store.kv("ab").delete("c").block(TIMEOUT);
        assertThat(text(store.kv("a").get("bc"))).isEqualTo("a|bc");
    }

    @Test
    void kvValuesAreCopiedAndLimited() {
        OutboxStore<C> store = open(OutboxConfig.builder().eventTypes(VOTE).maxDataBytes(4).build());
        byte[] value = bytes("abc");
        store.kv("p").set("k", value).block(TIMEOUT);
        value[0] = 'X';
        store.kv("p").get("k").block(TIMEOUT)[1] = 'Y';
        assertThat(text(store.kv("p").get("k"))).isEqualTo("abc");
        StepVerifier.create(store.kv("p").set("k", new byte[5]))
                .expectErrorSatisfies(e -> assertThat(((OutboxInputException) e).field()).isEqualTo("value"))
                .verify(TIMEOUT);
        StepVerifier.create(store.kv("p").get(""))
                .expectErrorSatisfies(e -> assertThat(((OutboxInputException) e).field()).isEqualTo("key"))
                .verify(TIMEOUT);
    }

    private static String text(Mono<byte[]> value) {
        return new String(value.block(TIMEOUT), StandardCharsets.UTF_8);
    }

    // ----- lifecycle

    @Test
    void closedStoreRefusesWorkWithATypedError() {
        OutboxStore<C> store = open();
        stored(store, "a");
        StepVerifier.create(store.close()).expectComplete().verify(TIMEOUT);
        StepVerifier.create(store.close()).expectComplete().verify(TIMEOUT);
        StepVerifier.create(store.store(bytes("b"), VOTE)).expectError(StoreClosedException.class).verify(TIMEOUT);
        StepVerifier.create(store.unreceived()).expectError(StoreClosedException.class).verify(TIMEOUT);
        StepVerifier.create(store.markReceived(UUID.randomUUID()))
                .expectError(StoreClosedException.class).verify(TIMEOUT);
        StepVerifier.create(store.kv("p").set("k", bytes("v")))
                .expectError(StoreClosedException.class).verify(TIMEOUT);
    }

    @Test
    void closeLetsQueuedWritesFinish() {
        OutboxStore<C> store = open();
        UUID a = stored(store, "a");
        Sinks.Empty<Void> gate = Sinks.empty();
        CompletableFuture<Void> held = ((SerializedOutboxStore<C>) store).writeQueue().submit(gate.asMono())
                .toFuture();
        CompletableFuture<Void> mark = store.markReceived(a).toFuture();
        CompletableFuture<Void> closed = store.close().toFuture();
        assertThat(closed).isNotDone();
        gate.tryEmitEmpty();
        assertThat(held).succeedsWithin(TIMEOUT);
        assertThat(mark).succeedsWithin(TIMEOUT);
        assertThat(closed).succeedsWithin(TIMEOUT);
    }
}
