package io.reactivestore.blob.fs;

import io.reactivestore.blob.Blob;
import io.reactivestore.blob.BlobNotFoundException;
import io.reactivestore.blob.BlobStore;
import io.reactivestore.blob.CorruptBlobException;
import io.reactivestore.blob.PutResult;
import io.reactivestore.blob.Ref;
import io.reactivestore.internal.Hex;
import io.reactivestore.store.StoreUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import io.reactivestore.internal.FileOpener;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A {@link BlobStore} in a directory: each blob is one file, {@code <root>/blobs/ab/cd/abcd...} for the
 * ref {@code abcd...} (two levels of fan-out, at most 256 entries per directory level above the files).
 *
 * <p><b>Atomic writes.</b> A blob is written to a temporary file under {@code <root>/tmp}, forced to
 * disk, then published under its final name in one atomic step (the directory is forced after it, and
 * the {@code Mono} completes only then, so an acknowledged put survives power loss) that never replaces an existing file
 * (a hard link, that is a rename that refuses to overwrite; where the file system has no hard links, an
 * atomic rename). A reader sees a blob whole or not at all, a crash leaves at most a stray temporary
 * file, and of concurrent puts of the same bytes exactly one reports {@link PutResult#added()}.
 *
 * <p><b>Threading.</b> All file I/O runs on the scheduler given to the constructor (by default
 * {@link Schedulers#boundedElastic()}, whose threads and queue are bounded), never on the subscribing
 * thread. {@link #listRefs(Ref)} reads one directory at a time as demand arrives; it holds the sorted
 * names of at most one directory per level in memory.
 *
 * <p><b>Errors.</b> I/O failures arrive as {@link StoreUnavailableException}; bytes that no longer
 * hash to their name as {@link CorruptBlobException}.
 */
public final class FileBlobStore implements BlobStore {

    private final Path blobs;
    private final Path tmp;
    private final Scheduler io;
    private final FileOpener files;

    /**
     * A store under {@code root} doing its I/O on {@link Schedulers#boundedElastic()}.
     *
     * @param root the root directory (created if missing)
     */
    public FileBlobStore(Path root) {
        this(root, Schedulers.boundedElastic());
    }

    /**
     * A store under {@code root} (created on first write) doing its I/O on {@code io}.
     *
     * @param root the root directory (created if missing)
     * @param io the scheduler that file I/O runs on
     */
    public FileBlobStore(Path root, Scheduler io) {
        this(root, io, FileOpener.DEFAULT);
    }

    /** A store opening its files through {@code files} (tests trace the forces). */
    FileBlobStore(Path root, Scheduler io, FileOpener files) {
        Objects.requireNonNull(root, "root");
        this.blobs = root.resolve("blobs");
        this.tmp = root.resolve("tmp");
        this.io = Objects.requireNonNull(io, "io");
        this.files = Objects.requireNonNull(files, "files");
    }

    @Override
    public Mono<PutResult> put(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return onIo(() -> write(bytes.clone()));
    }

    @Override
    public Mono<Blob> get(Ref ref) {
        Objects.requireNonNull(ref, "ref");
        return onIo(() -> read(ref));
    }

    @Override
    public Flux<Ref> listRefs(Ref start) {
        String from = start == null ? "" : start.hex();
        return children(blobs, 2, prefix(from, 0))
                .concatMap(a -> children(blobs.resolve(a), 2, a.equals(prefix(from, 0)) ? prefix(from, 2) : "")
                        .concatMap(b -> children(blobs.resolve(a).resolve(b), Ref.HEX_LENGTH, from)
                                .filter(name -> name.compareTo(from) > 0), 0), 0)
                .map(Ref::new);
    }

    private PutResult write(byte[] bytes) throws IOException {
        Ref ref = Ref.of(bytes);
        Path target = pathOf(ref);
        if (Files.exists(target)) {
            return new PutResult(ref, false);
        }
        boolean newDirectories = !Files.isDirectory(target.getParent());
        Files.createDirectories(target.getParent());
        Files.createDirectories(tmp);
        Path temp = Files.createTempFile(tmp, ref.hex().substring(0, 16), ".tmp");
        try {
            try (FileChannel out = files.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            boolean added = publish(temp, target);
            files.forceDirectory(target.getParent());
            if (newDirectories) { // the new fan-out directories' names, up to the blobs root
                files.forceDirectory(target.getParent().getParent());
                files.forceDirectory(blobs);
            }
            return new PutResult(ref, added);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Gives {@code temp} the name {@code target} atomically unless {@code target} exists; whether it did. */
    private static boolean publish(Path temp, Path target) throws IOException {
        try {
            Files.createLink(target, temp);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException e) {
            if (Files.exists(target)) {
                return false;
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            return true;
        }
    }

    private Blob read(Ref ref) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(pathOf(ref));
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(ref);
        }
        try {
            return new Blob(ref, bytes);
        } catch (IllegalArgumentException e) {
            throw new CorruptBlobException(ref);
        }
    }

    /** The sorted names of {@code dir} that have {@code length} lowercase hex digits and are >= {@code from}. */
    private Flux<String> children(Path dir, int length, String from) {
        return onIo(() -> {
            if (!Files.isDirectory(dir)) {
                return List.<String>of();
            }
            try (Stream<Path> entries = Files.list(dir)) {
                return entries.map(p -> p.getFileName().toString())
                        .filter(name -> Hex.isLowerHex(name, length) && name.compareTo(from) >= 0)
                        .sorted()
                        .toList();
            }
        }).flatMapIterable(names -> names);
    }

    private static String prefix(String hex, int offset) {
        return hex.length() < offset + 2 ? "" : hex.substring(offset, offset + 2);
    }

    private Path pathOf(Ref ref) {
        String hex = ref.hex();
        return blobs.resolve(hex.substring(0, 2)).resolve(hex.substring(2, 4)).resolve(hex);
    }

    private <T> Mono<T> onIo(IoCallable<T> work) {
        return Mono.fromCallable(work::call)
                .subscribeOn(io)
                .onErrorMap(e -> e instanceof IOException || e instanceof UncheckedIOException,
                        e -> new StoreUnavailableException("blob file I/O failed: " + e.getMessage(), e));
    }

    @FunctionalInterface
    private interface IoCallable<T> {
        T call() throws IOException;
    }
}
