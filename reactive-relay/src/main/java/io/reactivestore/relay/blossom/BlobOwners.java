package io.reactivestore.relay.blossom;

import io.reactivestore.blob.Ref;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Who uploaded which blob: for each (pubkey, blob) pair its size, MIME type and upload time. A blob with
 * several owners stays until its last owner deletes it (the server asks {@link #hasOwners}).
 *
 * <p><b>Durability.</b> {@link #open(Path)} keeps a log {@code owners.log} in the directory, one line
 * per change ({@code + pubkey ref size uploaded type} or {@code - pubkey ref}); every change is appended
 * and forced ({@code fsync}) before its {@code Mono} completes, so an upload answered 200/201 keeps its
 * owner across a crash. A torn last line (a crash mid-append) is ignored at open. Opening replays the
 * log and rewrites it with the live pairs only (atomically), so it does not grow without bound across
 * restarts. {@link #inMemory()} keeps nothing.
 *
 * <p><b>Memory and threading.</b> All pairs are indexed in the heap (about 200 bytes each). Changes run
 * one at a time on {@link Schedulers#boundedElastic()}; reads ({@link #list}, {@link #hasOwners},
 * {@link #usedBytes}, {@link #type}) read concurrent maps without blocking, on the caller's thread.
 */
public final class BlobOwners {

    /**
     * One owned blob.
     *
     * @param ref the blob
     * @param size its size in bytes
     * @param type its MIME type
     * @param uploaded when this owner uploaded it, unix seconds
     */
    public record Owned(Ref ref, long size, String type, long uploaded) {

        /**
         * Validates the components (see the record comment).
         *
         * @param ref the blob
         * @param size its size in bytes
         * @param type its MIME type
         * @param uploaded when this owner uploaded it, unix seconds
         */
        public Owned {
            Objects.requireNonNull(ref, "ref");
            Objects.requireNonNull(type, "type");
        }
    }

    /** Newest first, then by ref: the BUD-12 list order. */
    private static final Comparator<Owned> NEWEST_FIRST =
            Comparator.comparingLong(Owned::uploaded).reversed().thenComparing(Owned::ref);

    private final @Nullable Path log;
    private final Scheduler io = Schedulers.boundedElastic();
    private final Object writeLock = new Object();
    private final Map<String, NavigableSet<Owned>> byPubkey = new ConcurrentHashMap<>();
    private final Map<String, Map<Ref, Owned>> index = new ConcurrentHashMap<>();
    private final Map<Ref, Set<String>> owners = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> used = new ConcurrentHashMap<>();
    private @Nullable FileChannel channel;

    private BlobOwners(@Nullable Path log) {
        this.log = log;
    }

    /** {@return ownership kept in the heap only (tests, throw-away servers)} */
    public static BlobOwners inMemory() {
        return new BlobOwners(null);
    }

    /**
     * Ownership kept in {@code directory/owners.log} (created if missing).
     *
     * @param directory the directory, typically beside the blob files
     * @return the owners, once the log is replayed and compacted; errors if it cannot be read or written
     */
    public static Mono<BlobOwners> open(Path directory) {
        Objects.requireNonNull(directory, "directory");
        return Mono.fromCallable(() -> {
            BlobOwners owners = new BlobOwners(directory.resolve("owners.log"));
            owners.load(directory);
            return owners;
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * Records that {@code pubkey} owns the blob; a pair already recorded keeps its first upload time.
     *
     * @param pubkey hex pubkey
     * @param owned the blob, size, type and time
     * @return {@code true} if the pair is new; completes once durable
     */
    public Mono<Boolean> add(String pubkey, Owned owned) {
        Objects.requireNonNull(pubkey, "pubkey");
        Objects.requireNonNull(owned, "owned");
        return change(() -> {
            if (index.getOrDefault(pubkey, Map.of()).containsKey(owned.ref())) {
                return false;
            }
            append("+ " + pubkey + " " + owned.ref() + " " + owned.size() + " " + owned.uploaded() + " "
                    + owned.type() + "\n");
            apply(pubkey, owned);
            return true;
        });
    }

    /**
     * Removes {@code pubkey}'s ownership of {@code ref}.
     *
     * @param pubkey hex pubkey
     * @param ref the blob
     * @return {@code true} if {@code pubkey} owned it; completes once durable
     */
    public Mono<Boolean> remove(String pubkey, Ref ref) {
        Objects.requireNonNull(pubkey, "pubkey");
        Objects.requireNonNull(ref, "ref");
        return change(() -> {
            if (!index.getOrDefault(pubkey, Map.of()).containsKey(ref)) {
                return false;
            }
            append("- " + pubkey + " " + ref + "\n");
            unapply(pubkey, ref);
            return true;
        });
    }

    /**
     * Whether anybody owns {@code ref}.
     *
     * @param ref the blob
     * @return whether some pubkey owns it
     */
    public boolean hasOwners(Ref ref) {
        Set<String> set = owners.get(ref);
        return set != null && !set.isEmpty();
    }

    /**
     * The MIME type an owner gave {@code ref}, or {@code null} if nobody owns it.
     *
     * @param ref the blob
     * @return its type, or {@code null}
     */
    public @Nullable String type(Ref ref) {
        Set<String> set = owners.get(ref);
        if (set == null) {
            return null;
        }
        for (String pubkey : set) {
            Owned owned = index.getOrDefault(pubkey, Map.of()).get(ref);
            if (owned != null) {
                return owned.type();
            }
        }
        return null;
    }

    /**
     * How many bytes {@code pubkey} owns (each owned blob counted whole).
     *
     * @param pubkey hex pubkey
     * @return the total
     */
    public long usedBytes(String pubkey) {
        AtomicLong n = used.get(pubkey);
        return n == null ? 0 : n.get();
    }

    /**
     * The blobs {@code pubkey} owns, newest first, uploaded within {@code [since, until]}, after the blob
     * {@code cursor} (exclusive) if given, at most {@code limit}; streamed lazily from a concurrent index
     * (changes while listing may or may not show).
     *
     * @param pubkey hex pubkey
     * @param since earliest upload time, unix seconds
     * @param until latest upload time, unix seconds
     * @param cursor the last blob of the previous page, or {@code null}
     * @param limit at most this many
     * @return the owned blobs
     */
    public Flux<Owned> list(String pubkey, long since, long until, @Nullable Ref cursor, long limit) {
        return Flux.defer(() -> {
            NavigableSet<Owned> set = byPubkey.get(pubkey);
            if (set == null) {
                return Flux.empty();
            }
            Owned after = cursor == null ? null : index.getOrDefault(pubkey, Map.of()).get(cursor);
            NavigableSet<Owned> from = after == null ? set : set.tailSet(after, false);
            return Flux.fromIterable(from)
                    .filter(o -> o.uploaded() <= until)
                    .takeWhile(o -> o.uploaded() >= since)
                    .take(limit, true);
        });
    }

    /**
     * Closes the log.
     *
     * @return completes once closed
     */
    public Mono<Void> close() {
        return Mono.<Void>fromRunnable(() -> {
            synchronized (writeLock) {
                try {
                    if (channel != null) {
                        channel.close();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }).subscribeOn(io);
    }

    private Mono<Boolean> change(java.util.concurrent.Callable<Boolean> work) {
        return Mono.fromCallable(() -> {
            synchronized (writeLock) {
                return work.call();
            }
        }).subscribeOn(io);
    }

    private void append(String line) throws IOException {
        if (channel == null) {
            return;
        }
        ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
        channel.force(false);
    }

    private void apply(String pubkey, Owned owned) {
        index.computeIfAbsent(pubkey, k -> new ConcurrentHashMap<>()).put(owned.ref(), owned);
        byPubkey.computeIfAbsent(pubkey, k -> new ConcurrentSkipListSet<>(NEWEST_FIRST)).add(owned);
        owners.computeIfAbsent(owned.ref(), k -> ConcurrentHashMap.newKeySet()).add(pubkey);
        used.computeIfAbsent(pubkey, k -> new AtomicLong()).addAndGet(owned.size());
    }

    private void unapply(String pubkey, Ref ref) {
        // only called for a pair the log holds, which apply() indexed in all four maps
        Owned owned = Objects.requireNonNull(Objects.requireNonNull(index.get(pubkey), pubkey).remove(ref), "owned");
        Objects.requireNonNull(byPubkey.get(pubkey), pubkey).remove(owned);
        Set<String> set = Objects.requireNonNull(owners.get(ref), "owners");
        set.remove(pubkey);
        if (set.isEmpty()) {
            owners.remove(ref, set);
        }
        Objects.requireNonNull(used.get(pubkey), pubkey).addAndGet(-owned.size());
    }

    /** Replays the log, then rewrites it with the live pairs and opens it for appending. */
    private void load(Path directory) throws IOException {
        Files.createDirectories(directory);
        if (Files.exists(log)) {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (String line : lines) {
                replay(line);
            }
        }
        Path fresh = directory.resolve("owners.log.new");
        try (FileChannel out = FileChannel.open(fresh, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            StringBuilder text = new StringBuilder();
            index.forEach((pubkey, owned) -> owned.values().forEach(o -> text.append("+ ").append(pubkey)
                    .append(' ').append(o.ref()).append(' ').append(o.size()).append(' ').append(o.uploaded())
                    .append(' ').append(o.type()).append('\n')));
            ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
        }
        Files.move(fresh, log, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // platforms that cannot open a directory: the file itself was forced
        }
        channel = FileChannel.open(log, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** Applies one log line; ignores a malformed (torn) one. */
    private void replay(String line) {
        String[] f = line.split(" ", 6);
        try {
            if (f.length == 6 && f[0].equals("+")) {
                Ref ref = Ref.parse(f[2]);
                if (!index.getOrDefault(f[1], Map.of()).containsKey(ref)) {
                    apply(f[1], new Owned(ref, Long.parseLong(f[3]), f[5], Long.parseLong(f[4])));
                }
            } else if (f.length == 3 && f[0].equals("-")) {
                Ref ref = Ref.parse(f[2]);
                if (index.getOrDefault(f[1], Map.of()).containsKey(ref)) {
                    unapply(f[1], ref);
                }
            }
        } catch (IllegalArgumentException e) {
            // a torn last line after a crash
        }
    }
}
