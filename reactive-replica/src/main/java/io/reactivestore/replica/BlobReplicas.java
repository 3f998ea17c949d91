package io.reactivestore.replica;

import io.reactivestore.blob.Blob;
import io.reactivestore.blob.BlobStore;
import io.reactivestore.blob.PutResult;
import io.reactivestore.blob.Ref;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The {@link BlobStore} operations of a replica, shared by {@link ReplicaBlobStore} and {@link ReplicaAnchorStore}. */
final class BlobReplicas {

    /** How many refs each member's listing may run ahead of the merge. */
    private static final int LIST_PREFETCH = 32;

    private BlobReplicas() {
    }

    /** Puts into every sync member, then queues for every async one; added as the first sync member reports. */
    static <S extends BlobStore> Mono<PutResult> put(Replication<S> replication, byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return Mono.defer(() -> {
            byte[] copy = bytes.clone();
            return replication.write(s -> s.put(copy),
                    results -> results.get(0),
                    put -> new AsyncWrite<>("put", put.ref().hex(), s -> s.put(copy)));
        });
    }

    /** The first sync member to return the blob wins; the others are cancelled. */
    static <S extends BlobStore> Mono<Blob> get(Replication<S> replication, Ref ref) {
        Objects.requireNonNull(ref, "ref");
        return replication.race(s -> s.get(ref)).next();
    }

    /** Streamed k-way merge of the sync members' listings, each ref once; member errors come last. */
    static <S extends BlobStore> Flux<Ref> listRefs(Replication<S> replication, Ref start) {
        return replication.guard(Flux.defer(() -> {
            List<Flux<Ref>> listings = replication.sync().stream().map(s -> s.listRefs(start)).toList();
            @SuppressWarnings("unchecked")
            Flux<Ref>[] sources = listings.toArray(Flux[]::new);
            return Flux.mergeComparingDelayError(LIST_PREFETCH, Comparator.<Ref>naturalOrder(), sources)
                    .distinctUntilChanged();
        }));
    }
}
