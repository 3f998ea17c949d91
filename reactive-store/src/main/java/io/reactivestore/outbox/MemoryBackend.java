package io.reactivestore.outbox;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link OutboxBackend} in concurrent maps. Entries are immutable and replaced atomically per key, so reads
 * (weakly consistent iterations) never wait. The store's writes arrive one at a time from its write queue; the
 * changes a {@link MemoryTransaction} staged may run at the same moment when it commits. Inserts take a lock;
 * every other change is a single atomic map operation per event, so that no write can bring a deleted event
 * back.
 */
final class MemoryBackend implements OutboxBackend<MemoryTransaction> {

    private record Entry(OutboxEvent event, EventState state) {
    }

    private record KvKey(String prefix, String key) {
    }

    /** Entries in the order first stored; an event's sequence number never changes while it is stored. */
    private final ConcurrentSkipListMap<Long, Entry> bySeq = new ConcurrentSkipListMap<>();
    private final ConcurrentHashMap<UUID, Long> seqOf = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<KvKey, byte[]> kv = new ConcurrentHashMap<>();
    /** Guards inserts: the store's serialized writes and committing memory transactions may insert at once. */
    private final Object inserting = new Object();
    private long nextSeq; // guarded by inserting

    @Override
    public Mono<Boolean> contains(UUID id) {
        return Mono.fromSupplier(() -> seqOf.containsKey(id));
    }

    @Override
    public Mono<Boolean> insert(OutboxEvent event) {
        return Mono.fromSupplier(() -> {
            synchronized (inserting) {
                if (seqOf.containsKey(event.id())) {
                    return false;
                }
                long seq = nextSeq++;
                bySeq.put(seq, new Entry(event, EventState.NEW));
                seqOf.put(event.id(), seq);
                return true;
            }
        });
    }

    /** Committed state: a memory transaction's changes are applied only at its commit. */
    @Override
    public Mono<Boolean> contains(MemoryTransaction callerTransaction, UUID id) {
        return contains(id);
    }

    /**
     * Stages the insert for the commit and answers {@code true}: the id was not stored when {@code store}
     * checked, and if another write stores it before the commit, the staged insert changes nothing.
     */
    @Override
    public Mono<Boolean> insert(MemoryTransaction callerTransaction, OutboxEvent event) {
        return atCommit(callerTransaction, insert(event).then()).thenReturn(true);
    }

    @Override
    public Mono<Void> move(MemoryTransaction callerTransaction, Set<UUID> ids, EventState from, EventState to) {
        return atCommit(callerTransaction, move(ids, from, to));
    }

    @Override
    public Mono<Void> markReceived(MemoryTransaction callerTransaction, UUID id) {
        return atCommit(callerTransaction, markReceived(id));
    }

    private static Mono<Void> atCommit(MemoryTransaction callerTransaction, Mono<Void> change) {
        return Mono.fromRunnable(() -> callerTransaction.onCommit(() -> change));
    }

    @Override
    public Mono<Void> move(Set<UUID> ids, EventState from, EventState to) {
        return Mono.fromRunnable(() -> ids.forEach(id -> update(id,
                entry -> entry.state() == from ? new Entry(entry.event(), to) : entry)));
    }

    @Override
    public Mono<Void> markReceived(UUID id) {
        return Mono.fromRunnable(() -> update(id, entry -> new Entry(entry.event(), EventState.RECEIVED)));
    }

    private void update(UUID id, UnaryOperator<Entry> change) {
        Long seq = seqOf.get(id);
        if (seq != null) {
            bySeq.computeIfPresent(seq, (key, entry) -> change.apply(entry));
        }
    }

    private @Nullable EventState stateOf(UUID id) {
        Long seq = seqOf.get(id);
        Entry entry = seq == null ? null : bySeq.get(seq);
        return entry == null ? null : entry.state();
    }

    @Override
    public Flux<OutboxEvent> events(@Nullable EventState state) {
        return Flux.defer(() -> Flux.fromIterable(bySeq.values()))
                .filter(entry -> state == null || entry.state() == state)
                .map(Entry::event);
    }

    @Override
    public Flux<UUID> observed(Set<UUID> ids) {
        return Flux.fromIterable(ids).filter(id -> stateOf(id) == EventState.NEW);
    }

    @Override
    public Mono<Void> delete(MemoryTransaction callerTransaction, Set<UUID> ids) {
        return atCommit(callerTransaction, Mono.fromRunnable(() -> remove(ids)));
    }

    private void remove(Set<UUID> ids) {
        for (UUID id : ids) {
            Long seq = seqOf.remove(id);
            if (seq != null) {
                bySeq.remove(seq);
            }
        }
    }

    @Override
    public Mono<byte[]> kvGet(String prefix, String key) {
        return Mono.fromSupplier(() -> kv.get(new KvKey(prefix, key))).map(byte[]::clone);
    }

    @Override
    public Mono<Void> kvSet(String prefix, String key, byte[] value) {
        return Mono.fromRunnable(() -> kv.put(new KvKey(prefix, key), value));
    }

    @Override
    public Mono<Void> kvDelete(String prefix, String key) {
        return Mono.fromRunnable(() -> kv.remove(new KvKey(prefix, key)));
    }

    @Override
    public Mono<Void> close() {
        return Mono.fromRunnable(() -> {
            seqOf.clear();
            bySeq.clear();
            kv.clear();
        });
    }
}
