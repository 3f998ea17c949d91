package io.reactivestore.outbox;

import io.reactivestore.internal.SerialQueue;
import io.reactivestore.outbox.OutboxBackend.EventState;
import io.reactivestore.store.StoreClosedException;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The one {@link OutboxStore} implementation, over any {@link OutboxBackend}: checks input, derives ids, asks
 * the {@link ProcessedCheck}, serializes the backend's writes through a {@link SerialQueue}, and refuses work
 * once closed. Reads go straight to the backend.
 */
final class SerializedOutboxStore<C> implements OutboxStore<C> {

    private final String name;
    private final OutboxConfig config;
    private final OutboxBackend<C> backend;
    private final SerialQueue writes;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Mono<Void> closing;

    SerializedOutboxStore(String name, OutboxConfig config, OutboxBackend<C> backend) {
        this.name = name;
        this.config = config;
        this.backend = backend;
        this.writes = new SerialQueue(config.writeQueueCapacity(), OutboxBusyException::new,
                () -> new StoreClosedException(name));
        this.closing = Mono.defer(() -> writes.close().then(backend.close())).cache();
    }

    @Override
    public Mono<StoreResult> store(byte[] data, String type) {
        return store(data, type, backend::contains, event -> write(backend.insert(event)));
    }

    /**
     * The rules of {@code store} over {@code contains} and {@code insert}: the store's own, or the caller's
     * transaction's.
     */
    private Mono<StoreResult> store(byte[] data, String type, Function<UUID, Mono<Boolean>> contains,
            Function<OutboxEvent, Mono<Boolean>> insert) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(type, "type");
        return Mono.defer(() -> {
            if (!config.eventTypes().contains(type)) {
                return Mono.error(new UnknownEventTypeException(type));
            }
            if (data.length > config.maxDataBytes()) {
                return Mono.error(tooLarge("data", data.length));
            }
            OutboxEvent event = OutboxEvent.of(type, data);
            return ifOpen(contains.apply(event.id())).flatMap(stored -> stored
                    ? Mono.just(new StoreResult(event.id(), StoreResult.Outcome.ALREADY_STORED))
                    : storeNew(event, insert));
        });
    }

    private Mono<StoreResult> storeNew(OutboxEvent event, Function<OutboxEvent, Mono<Boolean>> insert) {
        return config.processedCheck().isProcessed(event.id())
                .defaultIfEmpty(false)
                .flatMap(processed -> processed
                        ? Mono.just(new StoreResult(event.id(), StoreResult.Outcome.ALREADY_PROCESSED))
                        : insert.apply(event).map(inserted -> new StoreResult(event.id(), inserted
                                ? StoreResult.Outcome.STORED : StoreResult.Outcome.ALREADY_STORED)));
    }

    @Override
    public Flux<OutboxEvent> unreceived() {
        return ifOpen(backend.events(EventState.NEW));
    }

    @Override
    public Mono<Void> markBroadcasted(Collection<UUID> ids) {
        return moveAll(ids, EventState.NEW, EventState.BROADCAST);
    }

    @Override
    public Mono<Void> markRebroadcast(Collection<UUID> ids) {
        return moveAll(ids, EventState.BROADCAST, EventState.NEW);
    }

    private Mono<Void> moveAll(Collection<UUID> ids, EventState from, EventState to) {
        Set<UUID> set = Set.copyOf(ids);
        return set.isEmpty() ? ifOpen(Mono.empty()) : write(backend.move(set, from, to));
    }

    @Override
    public Mono<Void> markReceived(UUID id) {
        Objects.requireNonNull(id, "id");
        return write(backend.markReceived(id));
    }

    @Override
    public Flux<UUID> observed(Collection<UUID> ids) {
        Set<UUID> set = Set.copyOf(ids);
        return set.isEmpty() ? ifOpen(Flux.empty()) : ifOpen(backend.observed(set));
    }

    @Override
    public Flux<OutboxEvent> pending() {
        return ifOpen(backend.events(null));
    }

    @Override
    public Mono<Void> delete(C callerTransaction, Collection<UUID> ids) {
        Objects.requireNonNull(callerTransaction, "callerTransaction");
        Set<UUID> set = Set.copyOf(ids);
        return set.isEmpty() ? ifOpen(Mono.empty()) : ifOpen(backend.delete(callerTransaction, set));
    }

    @Override
    public OutboxTransaction in(C callerTransaction) {
        return new InTransaction(Objects.requireNonNull(callerTransaction, "callerTransaction"));
    }

    @Override
    public OutboxKv kv(String prefix) {
        OutboxConfig.checkName("key-value prefix", Objects.requireNonNull(prefix, "prefix"));
        return new Kv(prefix);
    }

    @Override
    public Mono<Void> close() {
        return Mono.defer(() -> {
            closed.set(true);
            return closing;
        });
    }

    /** The write queue, for tests that hold it to prove that reads do not wait for writes. */
    SerialQueue writeQueue() {
        return writes;
    }

    private <T> Mono<T> write(Mono<T> work) {
        return Mono.defer(() -> closed.get() ? Mono.error(new StoreClosedException(name)) : writes.submit(work));
    }

    private <T> Mono<T> ifOpen(Mono<T> work) {
        return Mono.defer(() -> closed.get() ? Mono.error(new StoreClosedException(name)) : work);
    }

    private <T> Flux<T> ifOpen(Flux<T> work) {
        return Flux.defer(() -> closed.get() ? Flux.error(new StoreClosedException(name)) : work);
    }

    private OutboxInputException tooLarge(String field, int size) {
        return new OutboxInputException(field, size + " bytes exceed the limit of " + config.maxDataBytes());
    }

    /** {@link OutboxTransaction} over the backend's operations on the caller's transaction; no write queue. */
    private final class InTransaction implements OutboxTransaction {
        private final C tx;

        InTransaction(C tx) {
            this.tx = tx;
        }

        @Override
        public Mono<StoreResult> store(byte[] data, String type) {
            return SerializedOutboxStore.this.store(data, type, id -> backend.contains(tx, id),
                    event -> ifOpen(backend.insert(tx, event)));
        }

        @Override
        public Mono<Void> markBroadcasted(Collection<UUID> ids) {
            Set<UUID> set = Set.copyOf(ids);
            return ifOpen(set.isEmpty() ? Mono.empty() : backend.move(tx, set, EventState.NEW, EventState.BROADCAST));
        }

        @Override
        public Mono<Void> markReceived(UUID id) {
            Objects.requireNonNull(id, "id");
            return ifOpen(backend.markReceived(tx, id));
        }

        @Override
        public Mono<Void> delete(Collection<UUID> ids) {
            return SerializedOutboxStore.this.delete(tx, ids);
        }
    }

    /** {@link OutboxKv} of one prefix over the backend, writes through the store's queue. */
    private final class Kv implements OutboxKv {
        private final String prefix;

        Kv(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Mono<byte[]> get(String key) {
            return checkKey(key).then(ifOpen(backend.kvGet(prefix, key)));
        }

        @Override
        public Mono<Void> set(String key, byte[] value) {
            Objects.requireNonNull(value, "value");
            return checkKey(key)
                    .then(Mono.defer(() -> value.length > config.maxDataBytes()
                            ? Mono.error(tooLarge("value", value.length))
                            : write(backend.kvSet(prefix, key, value.clone()))));
        }

        @Override
        public Mono<Void> delete(String key) {
            return checkKey(key).then(write(backend.kvDelete(prefix, key)));
        }

        private Mono<Void> checkKey(String key) {
            Objects.requireNonNull(key, "key");
            return key.isEmpty() || key.length() > OutboxConfig.MAX_NAME_LENGTH
                    ? Mono.error(new OutboxInputException("key", "must have 1 to " + OutboxConfig.MAX_NAME_LENGTH
                            + " characters"))
                    : Mono.empty();
        }
    }
}
