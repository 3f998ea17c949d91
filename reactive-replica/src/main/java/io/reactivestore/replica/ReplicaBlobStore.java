package io.reactivestore.replica;

import io.reactivestore.blob.Blob;
import io.reactivestore.blob.BlobStore;
import io.reactivestore.blob.PutResult;
import io.reactivestore.blob.Ref;
import java.nio.ByteBuffer;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A {@link BlobStore} replicated over synchronous and asynchronous member stores.
 *
 * <p><b>put</b> writes to every synchronous member at once; all must succeed, else the put fails. It
 * then queues the blob for each asynchronous member, drained by one long-lived subscription per member
 * that this replica owns, which writes one blob at a time.
 *
 * <p><b>Queue length.</b> Each asynchronous member has one write in flight plus up to
 * {@code queueLength} writes waiting behind it. With all of them taken (the member is slow or stalled),
 * the next put (for a stalled member: the {@code (queueLength + 2)}-th) waits, without blocking a thread,
 * until the member confirms a write and so frees a place, or until its subscriber cancels it; a
 * cancelled put that was waiting is never written to that member. Waiting puts are admitted first come,
 * first served. {@link PutResult#added()} is what
 * the first synchronous member reports (members may differ; the first one decides). Writes run on
 * {@code Schedulers.parallel()} workers, never on the thread of the put that queued them. A member that
 * never answers stalls its queue, and puts then wait for it: give such members a {@code timeout} so
 * that the stall becomes an error.
 *
 * <p><b>Error state.</b> An asynchronous write failure, a failed synchronous write while asynchronous
 * members exist, or {@link #dispose()} puts the replica in its error state: every later put, get and
 * listRefs fails with the same {@link ReplicaFailedException}, whose cause is the triggering error and
 * whose {@link ReplicaFailedException#lost()} names the writes still queued at that moment.
 *
 * <p><b>Streamed put</b> ({@link #put(Publisher, Ref)}) feeds one subscription to {@code content} to
 * every synchronous member at once (the slowest sets the pace; at most 4 buffers wait for it) and
 * answers when all of them have committed the blob; the asynchronous members then get a queued write
 * that streams the blob back from the synchronous members (the first that has it), so a queue holds no
 * blob bytes. (The byte-array {@link #put(byte[])} queues its array, as before.) A streamed put that
 * fails or is cancelled on one synchronous member is cancelled on the others; with asynchronous members
 * a storage failure puts the replica in its error state, as any failed synchronous write, but a failing
 * {@code content} stream or a {@link io.reactivestore.blob.BlobHashMismatchException} (the caller's
 * fault) fails only that put. A cancelled put is no failure.
 *
 * <p><b>delete</b> deletes from every synchronous member ({@code true} if any held the blob), then
 * queues the delete for the asynchronous ones, like a put.
 *
 * <p><b>get, read, size</b> ask every synchronous member at once; the first successful answer wins and the other
 * requests are cancelled; if all fail, one of their errors (a {@code BlobNotFoundException} if every
 * member lacks the blob).
 *
 * <p><b>listRefs</b> is the ordered union of the synchronous members' listings, each ref once, merged as
 * they stream (each member runs at most 32 refs ahead); a failing member's error arrives after the merged
 * output of the others.
 *
 * <p>{@link #close()} is the graceful stop: it refuses new operations with
 * {@link io.reactivestore.store.StoreClosedException} and completes once the queues are written.
 */
public final class ReplicaBlobStore extends ReplicatedStore<BlobStore> implements BlobStore {

    /**
     * @param syncStores at least one store written before {@code put} completes
     * @param asyncStores stores written in the background, possibly none
     * @param queueLength how many writes may wait for each asynchronous store behind the one in flight, at
     *     least 1
     */
    public ReplicaBlobStore(List<? extends BlobStore> syncStores, List<? extends BlobStore> asyncStores, int queueLength) {
        super("blob replica", syncStores, asyncStores, queueLength);
    }

    @Override
    public Mono<PutResult> put(byte[] bytes) {
        return BlobReplicas.put(replication, bytes);
    }

    @Override
    public Mono<Blob> get(Ref ref) {
        return BlobReplicas.get(replication, ref);
    }

    @Override
    public Mono<PutResult> put(Publisher<ByteBuffer> content, @Nullable Ref expected) {
        return BlobReplicas.put(replication, content, expected);
    }

    @Override
    public Flux<ByteBuffer> read(Ref ref, long offset, long length) {
        return BlobReplicas.read(replication, ref, offset, length);
    }

    @Override
    public Mono<Long> size(Ref ref) {
        return BlobReplicas.size(replication, ref);
    }

    @Override
    public Mono<Boolean> delete(Ref ref) {
        return BlobReplicas.delete(replication, ref);
    }

    @Override
    public Flux<Ref> listRefs(@Nullable Ref start) {
        return BlobReplicas.listRefs(replication, start);
    }

}
