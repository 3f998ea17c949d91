package io.reactivestore.blob.fs;

import io.reactivestore.blob.BlobFile;
import io.reactivestore.blob.BlobNotFoundException;
import io.reactivestore.blob.BlobStore;
import io.reactivestore.blob.BorrowedBytes;
import io.reactivestore.blob.CorruptBlobException;
import io.reactivestore.blob.PutResult;
import io.reactivestore.blob.Ref;
import io.reactivestore.internal.BlobBytes;
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
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.core.publisher.SynchronousSink;
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
 * <p><b>Streaming.</b> A streamed put writes each buffer to its temporary file as it arrives, hashing
 * it on the way ({@link #putBorrowed} writes borrowed direct buffers with one gathering write, without a
 * copy into the heap, and releases them once written), with at most {@value #WINDOW} buffers requested ahead of the disk; the file is forced,
 * hashed and published only after the last buffer, and removed if the put fails or is cancelled
 * before then. A read opens the file and reads chunks of at most 64 KiB with positional reads as
 * demand arrives (one chunk per request), so neither holds more than a few buffers per transfer.
 * {@link #localFile} gives a blob's file itself, for {@code sendfile}.
 * {@link #delete} removes the file and forces its directory; readers that opened it before keep reading
 * it (POSIX). {@link #get} (inherited) checks the bytes against the ref.
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

    /** How many buffers of a streamed put may wait for the disk: the put's memory window. */
    static final int WINDOW = 4;

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
    public Mono<PutResult> put(Publisher<ByteBuffer> content, @Nullable Ref expected) {
        Objects.requireNonNull(content, "content");
        return putBorrowed(Flux.from(content).map(BorrowedBytes::of), expected);
    }

    /**
     * Writes each element's buffers to the temporary file as they are (a gathering write: direct buffers
     * go to the kernel without a copy) and hashes the same buffers, then releases the element; elements
     * still queued when the put fails or is cancelled are released through the discard hook.
     *
     * @param content the bytes, in order
     * @param expected the SHA-256 the bytes must have, or {@code null} for no check
     * @return the blob's ref and whether it was new
     */
    @Override
    public Mono<PutResult> putBorrowed(Publisher<? extends BorrowedBytes> content, @Nullable Ref expected) {
        Objects.requireNonNull(content, "content");
        return Mono.defer(() -> {
            TempBlob temp = new TempBlob();
            return onIo(temp::open)
                    .thenMany(Flux.<BorrowedBytes>from(content).publishOn(io, WINDOW))
                    .doOnNext(temp::write)
                    .doOnDiscard(BorrowedBytes.class, BorrowedBytes::release)
                    .then(onIo(() -> temp.commit(expected)))
                    .doFinally(signal -> {
                        if (signal != SignalType.ON_COMPLETE) {
                            io.schedule(temp::abort);
                        }
                    })
                    .onErrorMap(e -> e instanceof UncheckedIOException,
                            e -> new StoreUnavailableException("blob file I/O failed: " + e.getMessage(), e));
        });
    }

    @Override
    public Flux<ByteBuffer> read(Ref ref, long offset, long length) {
        Objects.requireNonNull(ref, "ref");
        BlobBytes.checkRange(offset, length);
        return Flux.<ByteBuffer, RangeReader>generate(() -> RangeReader.open(pathOf(ref), ref, offset, length),
                        RangeReader::next,
                        reader -> io.schedule(reader::close))
                .subscribeOn(io)
                .onErrorMap(e -> e instanceof IOException || e instanceof UncheckedIOException,
                        e -> new StoreUnavailableException("blob file I/O failed: " + e.getMessage(), e));
    }

    /**
     * Every blob of this store is one file: its path and size, looked up on the I/O scheduler.
     *
     * @param ref the blob's reference
     * @return the blob's file and size; {@link BlobNotFoundException} if there is no such blob
     */
    @Override
    public Mono<BlobFile> localFile(Ref ref) {
        Objects.requireNonNull(ref, "ref");
        return onIo(() -> {
            Path path = pathOf(ref);
            try {
                return new BlobFile(path, Files.size(path));
            } catch (NoSuchFileException e) {
                throw new BlobNotFoundException(ref);
            }
        });
    }

    @Override
    public Mono<Long> size(Ref ref) {
        Objects.requireNonNull(ref, "ref");
        return onIo(() -> {
            try {
                return Files.size(pathOf(ref));
            } catch (NoSuchFileException e) {
                throw new BlobNotFoundException(ref);
            }
        });
    }

    @Override
    public Mono<Boolean> delete(Ref ref) {
        Objects.requireNonNull(ref, "ref");
        return onIo(() -> {
            Path path = pathOf(ref);
            boolean deleted = Files.deleteIfExists(path);
            if (deleted) {
                files.forceDirectory(Objects.requireNonNull(path.getParent(), "a blob's fan-out directory"));
            }
            return deleted;
        });
    }

    @Override
    public Flux<Ref> listRefs(@Nullable Ref start) {
        String from = start == null ? "" : start.hex();
        return children(blobs, 2, prefix(from, 0))
                .concatMap(a -> children(blobs.resolve(a), 2, a.equals(prefix(from, 0)) ? prefix(from, 2) : "")
                        .concatMap(b -> children(blobs.resolve(a).resolve(b), Ref.HEX_LENGTH, from)
                                .filter(name -> name.compareTo(from) > 0), 0), 0)
                .map(Ref::new);
    }

    /**
     * One streamed put's temporary file: opened, written and committed on the I/O scheduler in that
     * order; {@link #abort} (scheduled on a cancel or error, possibly while a write is under way on
     * another thread) waits for the current step and then removes the file. The lock is only ever
     * contended by an abort.
     */
    private final class TempBlob {

        private final BlobBytes.Sha256 hash = new BlobBytes.Sha256();
        private @Nullable Path path;
        private @Nullable FileChannel channel;
        private boolean finished;

        synchronized Void open() throws IOException {
            Files.createDirectories(tmp);
            path = Files.createTempFile(tmp, "put", ".tmp");
            channel = files.open(path, StandardOpenOption.WRITE);
            return null;
        }

        /** Hashes and writes the bytes (unless aborted), then releases them in any case. */
        synchronized void write(BorrowedBytes borrowed) {
            try {
                if (finished) {
                    return;
                }
                FileChannel out = Objects.requireNonNull(channel, "write before open");
                ByteBuffer[] given = borrowed.buffers();
                ByteBuffer[] bytes = new ByteBuffer[given.length];
                long left = 0;
                for (int i = 0; i < given.length; i++) {
                    hash.update(given[i]);
                    bytes[i] = given[i].duplicate();
                    left += bytes[i].remaining();
                }
                while (left > 0) {
                    left -= out.write(bytes);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                borrowed.release();
            }
        }

        synchronized PutResult commit(@Nullable Ref expected) throws IOException {
            if (finished) {
                throw new IllegalStateException("put already aborted");
            }
            finished = true;
            Path temp = Objects.requireNonNull(path, "commit before open");
            try {
                FileChannel out = Objects.requireNonNull(channel, "commit before open");
                out.force(true);
                out.close();
                Ref ref = hash.finish(expected);
                Path target = pathOf(ref);
                if (Files.exists(target)) {
                    return new PutResult(ref, false);
                }
                Path dir = Objects.requireNonNull(target.getParent(), "a blob's fan-out directory");
                boolean newDirectories = !Files.isDirectory(dir);
                Files.createDirectories(dir);
                boolean added = publish(temp, target);
                files.forceDirectory(dir);
                if (newDirectories) { // the new fan-out directories' names, up to the blobs root
                    files.forceDirectory(Objects.requireNonNull(dir.getParent(), "the first fan-out level"));
                    files.forceDirectory(blobs);
                }
                return new PutResult(ref, added);
            } finally {
                Files.deleteIfExists(temp);
            }
        }

        synchronized void abort() {
            finished = true;
            try {
                if (channel != null) {
                    channel.close();
                }
                if (path != null) {
                    Files.deleteIfExists(path);
                }
            } catch (IOException e) {
                // a stray temporary file at worst; the next put does not depend on it
            }
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

    /** Reads {@code [offset, end)} of one blob file in chunks, on the I/O scheduler as demand arrives. */
    private static final class RangeReader {

        private final FileChannel channel;
        private final Ref ref;
        private long position;
        private final long end;

        private RangeReader(FileChannel channel, Ref ref, long position, long end) {
            this.channel = channel;
            this.ref = ref;
            this.position = position;
            this.end = end;
        }

        static RangeReader open(Path path, Ref ref, long offset, long length) throws IOException {
            FileChannel channel;
            try {
                channel = FileChannel.open(path, StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                throw new BlobNotFoundException(ref);
            }
            long size = channel.size();
            return new RangeReader(channel, ref, Math.min(offset, size), BlobBytes.end(offset, length, size));
        }

        RangeReader next(SynchronousSink<ByteBuffer> sink) {
            if (position >= end) {
                sink.complete();
                return this;
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(BlobBytes.CHUNK, end - position));
            try {
                while (buffer.hasRemaining()) {
                    int n = channel.read(buffer, position + buffer.position());
                    if (n < 0) {
                        throw new IOException("blob " + ref + " ended early");
                    }
                }
            } catch (IOException e) {
                sink.error(new UncheckedIOException(e));
                return this;
            }
            position += buffer.capacity();
            sink.next(buffer.flip());
            return this;
        }

        void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // read-only channel: nothing to lose
            }
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
