package io.reactivestore.anchor;

import io.reactivestore.blob.BlobStore;
import io.reactivestore.blob.fs.FileBlobStore;
import io.reactivestore.blob.memory.MemoryBlobStore;
import java.nio.file.Path;
import java.util.Objects;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** Ways to make an {@link AnchorStore}: over any {@link BlobStore} with an {@link AnchorMapCell}. */
public final class AnchorStores {

    private AnchorStores() {
    }

    /**
     * An anchor store whose blobs go to {@code blobs} and whose map ref lives in {@code cell}.
     *
     * @param blobs the blob store
     * @param cell the cell holding the current anchor map
     * @return an anchor store whose blobs go to {@code blobs} and whose map ref lives in {@code cell}
     */
    public static AnchorStore of(BlobStore blobs, AnchorMapCell cell) {
        return new BlobAnchorStore(blobs, cell);
    }

    /**
     * An anchor store over {@code blobs} with its map ref in the heap (lost with the JVM).
     *
     * @param blobs the blob store
     * @return an anchor store over {@code blobs} with its map ref in the heap (lost with the JVM)
     */
    public static AnchorStore inMemory(BlobStore blobs) {
        return of(blobs, memoryCell());
    }

    /** {@return an anchor store entirely in the heap: a {@link MemoryBlobStore} and an in-memory map ref} */
    public static AnchorStore inMemory() {
        return inMemory(new MemoryBlobStore());
    }

    /**
     * An anchor store in directory {@code root}: a {@link FileBlobStore} and the map ref in the file
     * {@code root/anchor-map}, all I/O on {@link Schedulers#boundedElastic()}.
     *
     * @param root the root directory (created if missing)
     * @return an anchor store in directory {@code root}: a {@link FileBlobStore} and the map ref in the file {@code root/anchor-map}, all I/O on {@link Schedulers#boundedElastic()}
     */
    public static AnchorStore inDirectory(Path root) {
        return inDirectory(root, Schedulers.boundedElastic());
    }

    /**
     * {@link #inDirectory(Path)} with its I/O on {@code io}.
     *
     * @param root the root directory (created if missing)
     * @param io the scheduler that file I/O runs on
     * @return the store
     */
    public static AnchorStore inDirectory(Path root, Scheduler io) {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(io, "io");
        return of(new FileBlobStore(root, io), new FileAnchorMapCell(root, io));
    }

    /** {@return a new map-ref cell in the heap, starting with no map} */
    public static AnchorMapCell memoryCell() {
        return new MemoryAnchorMapCell();
    }
}
