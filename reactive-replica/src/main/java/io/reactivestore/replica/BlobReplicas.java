package io.reactivestore.replica;

import io.reactivestore.blob.Blob;
import io.reactivestore.blob.BlobHashMismatchException;
import io.reactivestore.blob.BlobNotFoundException;
import io.reactivestore.blob.BlobStore;
import io.reactivestore.blob.PutResult;
import io.reactivestore.blob.Ref;
import java.nio.ByteBuffer;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The {@link BlobStore} operations of a replica, shared by {@link ReplicaBlobStore} and {@link ReplicaAnchorStore}. */
final class BlobReplicas {

    /** How many refs each member's listing may run ahead of the merge. */
    private static final int LIST_PREFETCH = 32;

    /** How many buffers of a streamed put may wait for the slowest sync member. */
    static final int WINDOW = 4;

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

    /**
     * Streams {@code content} into every sync member at once through one shared subscription (each
     * member reads its own read-only views of the same buffers; the slowest member sets the pace; at
     * most {@value #WINDOW} buffers wait for it), then queues for every async member a put that streams
     * the blob back from the sync members, so a queued write holds no bytes in memory.
     */
    static <S extends BlobStore> Mono<PutResult> put(Replication<S> replication, Publisher<ByteBuffer> content,
            @Nullable Ref expected) {
        Objects.requireNonNull(content, "content");
        return Mono.defer(() -> {
            int members = replication.sync().size();
            AtomicBoolean contentFailed = new AtomicBoolean();
            Flux<ByteBuffer> source = Flux.from(content).doOnError(e -> contentFailed.set(true));
            Flux<ByteBuffer> shared = members == 1 ? source : source.publish(WINDOW).refCount(members);
            return replication.write(s -> s.put(shared.map(ByteBuffer::asReadOnlyBuffer), expected),
                    results -> results.get(0),
                    put -> new AsyncWrite<>("put", put.ref().hex(),
                            s -> s.put(readFromSync(replication.sync(), put.ref(), 0), put.ref())
                                    .onErrorResume(BlobReplicas::deletedSince, e -> Mono.empty())),
                    e -> contentFailed.get() || e instanceof BlobHashMismatchException);
        });
    }

    /**
     * Whether a queued put failed because no sync member holds its blob any more: it was deleted after the put
     * was acknowledged, and that delete is queued behind the put in the same lane, so the put is skipped rather
     * than failing the replica.
     */
    private static boolean deletedSince(Throwable e) {
        return e instanceof BlobNotFoundException || e.getCause() instanceof BlobNotFoundException;
    }

    /**
     * The blob from sync member {@code i}, or, if it fails before its first byte, from the next one.
     * Not guarded: queued writes drain while the replica closes.
     */
    private static <S extends BlobStore> Flux<ByteBuffer> readFromSync(List<S> sync, Ref ref, int i) {
        return Flux.defer(() -> {
            AtomicBoolean started = new AtomicBoolean();
            return sync.get(i).read(ref)
                    .doOnNext(b -> started.set(true))
                    .onErrorResume(e -> !started.get() && i + 1 < sync.size(), e -> readFromSync(sync, ref, i + 1));
        });
    }

    /** The first sync member to answer streams the range; the others are cancelled. */
    static <S extends BlobStore> Flux<ByteBuffer> read(Replication<S> replication, Ref ref, long offset, long length) {
        Objects.requireNonNull(ref, "ref");
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset and length: must be at least 0, got " + offset + ", " + length);
        }
        return replication.race(s -> s.read(ref, offset, length));
    }

    /** The first sync member to answer gives the size. */
    static <S extends BlobStore> Mono<Long> size(Replication<S> replication, Ref ref) {
        Objects.requireNonNull(ref, "ref");
        return replication.race(s -> s.size(ref)).next();
    }

    /** Deletes from every sync member (true if any held it), then queues the delete for every async one. */
    static <S extends BlobStore> Mono<Boolean> delete(Replication<S> replication, Ref ref) {
        Objects.requireNonNull(ref, "ref");
        return replication.write(s -> s.delete(ref),
                results -> results.contains(Boolean.TRUE),
                deleted -> new AsyncWrite<>("delete", ref.hex(), s -> s.delete(ref)));
    }

    /** The first sync member to return the blob wins; the others are cancelled. */
    static <S extends BlobStore> Mono<Blob> get(Replication<S> replication, Ref ref) {
        Objects.requireNonNull(ref, "ref");
        return replication.race(s -> s.get(ref)).next();
    }

    /** Streamed k-way merge of the sync members' listings, each ref once; member errors come last. */
    static <S extends BlobStore> Flux<Ref> listRefs(Replication<S> replication, @Nullable Ref start) {
        return replication.guard(Flux.defer(() -> {
            List<Flux<Ref>> listings = replication.sync().stream().map(s -> s.listRefs(start)).toList();
            @SuppressWarnings("unchecked")
            Flux<Ref>[] sources = listings.toArray(Flux[]::new);
            return Flux.mergeComparingDelayError(LIST_PREFETCH, Comparator.<Ref>naturalOrder(), sources)
                    .distinctUntilChanged();
        }));
    }
}
