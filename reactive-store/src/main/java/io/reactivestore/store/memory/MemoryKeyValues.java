package io.reactivestore.store.memory;

import io.reactivestore.store.KeyValueStore;
import io.reactivestore.store.StoreClosedException;
import java.util.Map;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.BooleanSupplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The key-values of a {@link MemoryEventStore}: a sorted concurrent map, gone with the process. */
final class MemoryKeyValues implements KeyValueStore {

    private final ConcurrentSkipListMap<String, String> entries = new ConcurrentSkipListMap<>();
    private final BooleanSupplier closed;

    MemoryKeyValues(BooleanSupplier closed) {
        this.closed = closed;
    }

    @Override
    public Mono<Void> put(String namespace, String key, String value) {
        return Mono.fromRunnable(() -> {
            KeyValueStore.check(namespace, key, java.util.Objects.requireNonNull(value, "value"));
            open();
            entries.put(namespace + '\0' + key, value);
        });
    }

    @Override
    public Mono<Void> delete(String namespace, String key) {
        return Mono.fromRunnable(() -> {
            KeyValueStore.check(namespace, key, null);
            open();
            entries.remove(namespace + '\0' + key);
        });
    }

    @Override
    public Flux<Map.Entry<String, String>> entries(String namespace) {
        return Flux.defer(() -> {
            KeyValueStore.checkNamespace(namespace);
            open();
            String from = namespace + '\0';
            ConcurrentNavigableMap<String, String> range = entries.subMap(from, namespace + '\1');
            return Flux.fromIterable(range.entrySet())
                    .map(e -> Map.entry(e.getKey().substring(from.length()), e.getValue()));
        });
    }

    private void open() {
        if (closed.getAsBoolean()) {
            throw new StoreClosedException("in-memory event store");
        }
    }
}
