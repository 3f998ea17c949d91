package io.reactivestore.store.ndjson;

import io.reactivestore.event.Event;
import io.reactivestore.event.InvalidEventException;
import io.reactivestore.event.InvalidJsonException;
import io.reactivestore.event.NostrJson;
import io.reactivestore.store.EventStore;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.function.Tuple2;

/**
 * NDJSON export and import: one event per line, each line the event's JSON.
 *
 * <p><b>Export</b> writes each event's exact JSON bytes and a {@code \n}. JSON allows whitespace between
 * tokens, and an event kept verbatim from its source may hold a raw line break there; such bytes
 * ({@code \n}, {@code \r}, which can only be insignificant whitespace in valid JSON) are written as
 * spaces so that every event stays on one line. Nothing else is changed.
 *
 * <p><b>Import</b> reads lines, parses (and optionally verifies) them on Reactor's parallel scheduler, in
 * chunks of 64 lines, and hands them, in the file's order, to the store's own bulk path, {@link EventStore#importEvents}, in batches of
 * {@link NdjsonImportOptions#concurrency()} events, two batches at a time: never through
 * {@link EventStore#save} one by one, so a store can treat an import as such (a layered store writes
 * it to L2 alone, in L2's batches, and leaves L1's hot set untouched). Bad lines are reported through
 * {@link NdjsonImportOptions#onRejected()} and counted, and the import goes on. When the store refuses
 * an event of a batch ({@code InvalidEventException}, a size limit), that batch is imported again one
 * event at a time to find it, and the refused event is rejected as {@code REFUSED}; events of that
 * batch stored by the first attempt then count as {@code notStored}, since the second attempt finds
 * them already stored (so a refused event at the start of a batch keeps the counts exact). An error of
 * the store itself ({@code StoreUnavailableException}, ...) ends the
 * import with that error (importing the same file again is safe: stored events come back as
 * duplicates).
 *
 * <p><b>Memory</b> is constant in the number of lines: lines are read as demand arrives through fixed
 * buffers, with at most a few thousand lines in flight (parse chunks, then two batches). Blocking file I/O runs on
 * {@link Schedulers#boundedElastic()}, never on the caller's thread.
 */
public final class Ndjson {

    /** Rejections kept in {@link NdjsonImportReport#firstRejections()}. */
    public static final int KEPT_REJECTIONS = 100;
    /** Lines parsed (and verified) per task on the parallel scheduler; chunks keep the file's order. */
    private static final int PARSE_CHUNK = 64;
    /** Batches handed to {@link EventStore#importEvents} at once. */
    private static final int BATCHES_IN_FLIGHT = 2;

    private Ndjson() {
    }

    // ------------------------------------------------------------------ export

    /**
     * Writes {@code events} to {@code out} (which stays open; it is flushed at the end), requesting 256
     * events at a time.
     *
     * @param progressEvery call {@code onProgress} every this many events, and once at the end
     * @param events the events
     * @param out where to write to
     * @param onProgress called with the progress now and then
     * @return the final progress (events written, elapsed time)
     */
    public static Mono<NdjsonProgress> export(Flux<Event> events, OutputStream out, long progressEvery,
                                              Consumer<NdjsonProgress> onProgress) {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(onProgress, "onProgress");
        return Mono.defer(() -> {
            long start = System.nanoTime();
            long[] written = {0};
            return events.publishOn(Schedulers.boundedElastic(), 256)
                    .doOnNext(e -> {
                        writeLine(out, e);
                        if (++written[0] % progressEvery == 0) {
                            onProgress.accept(progress(written[0], written[0], 0, start));
                        }
                    })
                    .then(Mono.fromCallable(() -> {
                        out.flush();
                        NdjsonProgress last = progress(written[0], written[0], 0, start);
                        onProgress.accept(last);
                        return last;
                    }));
        });
    }

    /**
     * Exports every event of {@code store} into {@code file} (created or truncated).
     *
     * @param store the event store
     * @param file the file
     * @param progressEvery how many events between two progress reports
     * @param onProgress called with the progress now and then
     * @return the final progress, once the file is written
     */
    public static Mono<NdjsonProgress> export(EventStore store, Path file, long progressEvery,
                                              Consumer<NdjsonProgress> onProgress) {
        return Mono.using(
                        () -> new BufferedOutputStream(Files.newOutputStream(file), 1 << 16),
                        out -> export(store.export(), out, progressEvery, onProgress),
                        Ndjson::closeStream)
                .subscribeOn(Schedulers.boundedElastic());
    }

    private static void writeLine(OutputStream out, Event e) {
        byte[] json = e.jsonBytes();
        for (int i = 0; i < json.length; i++) {
            if (json[i] == '\n' || json[i] == '\r') {
                json[i] = ' ';
            }
        }
        try {
            out.write(json);
            out.write('\n');
        } catch (IOException x) {
            throw new UncheckedIOException("cannot write NDJSON", x);
        }
    }

    // ------------------------------------------------------------------ import

    /**
     * Imports the NDJSON in {@code in} (left open) into {@code store}.
     *
     * @param store the event store
     * @param in where to read from
     * @param options the options
     * @return the report, once every line is read and every save has completed
     */
    public static Mono<NdjsonImportReport> importInto(EventStore store, InputStream in, NdjsonImportOptions options) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(options, "options");
        return Mono.defer(() -> {
            Tally tally = new Tally(options);
            Flux<byte[]> lines = Flux.<byte[], LineReader>generate(
                            () -> new LineReader(in, options.maxLineBytes()),
                            (reader, sink) -> {
                                try {
                                    byte[] line = reader.next();
                                    if (line == null) {
                                        sink.complete();
                                    } else {
                                        sink.next(line);
                                    }
                                } catch (IOException e) {
                                    sink.error(new UncheckedIOException("cannot read NDJSON", e));
                                }
                                return reader;
                            })
                    .subscribeOn(Schedulers.boundedElastic());
            return lines.index()
                    .filter(t -> !isBlank(t.getT2()))
                    .buffer(PARSE_CHUNK)
                    .flatMapSequential(chunk -> Mono.fromCallable(() -> parseAll(chunk, options.verify()))
                            .subscribeOn(Schedulers.parallel()), Schedulers.DEFAULT_POOL_SIZE)
                    .concatMapIterable(parsed -> parsed)
                    .buffer(options.concurrency())
                    .flatMapSequential(batch -> importBatch(store, batch), BATCHES_IN_FLIGHT)
                    .doOnNext(tally::add)
                    .then(Mono.fromCallable(tally::report));
        });
    }

    /**
     * Imports the NDJSON file {@code file} into {@code store}.
     *
     * @param store the event store
     * @param file the file
     * @param options the options
     * @return the outcome, once every line is read and every save is done
     */
    public static Mono<NdjsonImportReport> importInto(EventStore store, Path file, NdjsonImportOptions options) {
        return Mono.using(() -> Files.newInputStream(file), in -> importInto(store, in, options), Ndjson::closeStream)
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** A parsed line: an event to save, or the reason it was rejected. */
    private record Parsed(long line, @Nullable Event event, @Nullable NdjsonRejection rejection) {
    }

    /** What became of a batch of lines: how many were stored and not stored, and the rejected ones. */
    private record Outcome(long stored, long notStored, List<NdjsonRejection> rejections) {
    }

    private static List<Parsed> parseAll(List<Tuple2<Long, byte[]>> chunk, boolean verify) {
        List<Parsed> parsed = new ArrayList<>(chunk.size());
        for (Tuple2<Long, byte[]> line : chunk) {
            parsed.add(parse(line, verify));
        }
        return parsed;
    }

    private static Parsed parse(Tuple2<Long, byte[]> indexed, boolean verify) {
        long line = indexed.getT1() + 1;
        byte[] bytes = indexed.getT2();
        if (bytes == LineReader.TOO_LONG) {
            return rejected(line, NdjsonRejection.Reason.TOO_LONG, "line longer than the maximum");
        }
        Event event;
        try {
            event = NostrJson.parseEvent(bytes);
        } catch (InvalidJsonException | InvalidEventException e) {
            return rejected(line, NdjsonRejection.Reason.BAD_JSON, String.valueOf(e.getMessage()));
        }
        if (verify && !event.hasValidId()) {
            return rejected(line, NdjsonRejection.Reason.BAD_ID, "id: is not the hash of the event");
        }
        if (verify && !event.hasValidSignature()) {
            return rejected(line, NdjsonRejection.Reason.BAD_SIGNATURE, "sig: does not verify");
        }
        return new Parsed(line, event, null);
    }

    private static Parsed rejected(long line, NdjsonRejection.Reason reason, String message) {
        return new Parsed(line, null, new NdjsonRejection(line, reason, message));
    }

    /** Imports the valid events of {@code batch} through {@link EventStore#importEvents} in one call. */
    private static Mono<Outcome> importBatch(EventStore store, List<Parsed> batch) {
        List<NdjsonRejection> rejections = new ArrayList<>();
        List<Parsed> valid = new ArrayList<>(batch.size());
        for (Parsed parsed : batch) {
            if (parsed.rejection() != null) {
                rejections.add(parsed.rejection());
            } else {
                valid.add(parsed);
            }
        }
        if (valid.isEmpty()) {
            return Mono.just(new Outcome(0, 0, rejections));
        }
        return store.importEvents(Flux.fromIterable(valid).map(Parsed::event))
                .map(stored -> new Outcome(stored, valid.size() - stored, rejections))
                .onErrorResume(InvalidEventException.class, refused -> Flux.fromIterable(valid)
                        .concatMap(parsed -> importOne(store, parsed))
                        .reduce(new Outcome(0, 0, rejections), Ndjson::combine));
    }

    /** One event alone: to find the one a store refused in a batch. */
    private static Mono<Outcome> importOne(EventStore store, Parsed parsed) {
        return store.importEvents(Flux.just(Objects.requireNonNull(parsed.event(), "a valid line has its event")))
                .map(stored -> new Outcome(stored, 1 - stored, List.of()))
                .onErrorResume(InvalidEventException.class, e -> Mono.just(new Outcome(0, 0, List.of(
                        new NdjsonRejection(parsed.line(), NdjsonRejection.Reason.REFUSED, String.valueOf(e.getMessage()))))));
    }

    private static Outcome combine(Outcome a, Outcome b) {
        List<NdjsonRejection> rejections = new ArrayList<>(a.rejections());
        rejections.addAll(b.rejections());
        return new Outcome(a.stored() + b.stored(), a.notStored() + b.notStored(), rejections);
    }

    private static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t') {
                return false;
            }
        }
        return line != LineReader.TOO_LONG;
    }

    /** Counts outcomes; used from one thread at a time (after {@code flatMap}, signals are serial). */
    private static final class Tally {
        private final NdjsonImportOptions options;
        private final long start = System.nanoTime();
        private final List<NdjsonRejection> kept = new ArrayList<>();
        private long lines;
        private long stored;
        private long notStored;
        private long rejected;

        Tally(NdjsonImportOptions options) {
            this.options = options;
        }

        void add(Outcome outcome) {
            long before = lines;
            lines += outcome.stored() + outcome.notStored() + outcome.rejections().size();
            stored += outcome.stored();
            notStored += outcome.notStored();
            for (NdjsonRejection rejection : outcome.rejections()) {
                rejected++;
                if (kept.size() < KEPT_REJECTIONS) {
                    kept.add(rejection);
                }
                options.onRejected().accept(rejection);
            }
            if (lines / options.progressEvery() > before / options.progressEvery()) {
                options.onProgress().accept(progress(lines, stored, rejected, start));
            }
        }

        NdjsonImportReport report() {
            NdjsonProgress last = progress(lines, stored, rejected, start);
            options.onProgress().accept(last);
            return new NdjsonImportReport(lines, stored, notStored, rejected, kept, last.elapsed());
        }
    }

    private static NdjsonProgress progress(long lines, long stored, long rejected, long startNanos) {
        return new NdjsonProgress(lines, stored, rejected, Duration.ofNanos(System.nanoTime() - startNanos));
    }

    private static void closeStream(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
