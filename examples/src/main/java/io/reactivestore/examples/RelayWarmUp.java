package io.reactivestore.examples;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.UnsignedEvent;
import io.reactivestore.relay.message.ClientMessage;
import io.reactivestore.relay.message.MessageJson;
import io.reactivestore.relay.server.NostrRelay;
import io.reactivestore.relay.server.RelayOptions;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.lmdb.LmdbEventStore;
import io.reactivestore.store.memory.MemoryEventStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.util.function.Tuple2;

/**
 * Warms the JIT before the relay takes its first client: a scratch relay on a free loopback port, with its own
 * store of the kind the relay serves (in memory, or a scratch LMDB store, {@link #runOnLmdb}), takes
 * {@value #EVENTS} signed events (signature checks, the store's write path) while {@value #LISTENERS} live
 * subscriptions receive each of them (live fan-out), and then REQs of the three shapes clients send most (an
 * author with a limit of 50, kind 1 with a {@code #t} tag and a limit of 100, a list of ten ids), each followed by
 * its {@code CLOSE}, over real WebSockets from a minimal client that parses nothing (so the JIT learns the relay,
 * not a client). The store's shape is the one such REQs meet: about 50 and 100 results, 10% of a tag's events
 * of another kind.
 *
 * <p><b>How long.</b> REQs go in blocks of {@value #BLOCK}; after each block the process CPU spent per REQ (JIT
 * compiler and GC threads included) is measured, and the warm-up stops when that cost has stopped falling
 * ({@link WarmUpPlateau}: none of the last three blocks 5% cheaper than the best before them), or after
 * {@code maxRequests}, or when a block would start after {@code budget} (counted from the start; the first
 * {@value #MIN_REQUESTS} REQs are sent anyway). Then the scratch relay is shut down. The
 * real relay runs the same classes, so it starts with its hot paths compiled instead of meeting its first users
 * with interpreted code. Blocking: call it from {@code main} only.
 */
final class RelayWarmUp {

    /** REQs between two measurements of the cost per REQ. */
    static final int BLOCK = 1000;
    private static final int AUTHORS = 40;
    private static final int TAGS = 20;
    /**
     * REQs sent whatever the budget says (unless {@code maxRequests} is lower): on a starved machine the events
     * alone can outlast the budget, and a relay should never start colder than with this many.
     */
    static final int MIN_REQUESTS = 3 * BLOCK;
    /** Events published, then queried. */
    static final int EVENTS = 4000;
    /** Live subscriptions that receive every published event. */
    static final int LISTENERS = 4;
    /** Connections that publish, and connections that send REQs: as many as a busy client or a benchmark opens. */
    private static final int CLIENTS = 8;
    /** {@code EVENT}s in flight per connection: enough that frames queue up and are read several at a time. */
    private static final int EVENTS_IN_FLIGHT = 32;
    /** REQs in flight per connection. */
    private static final int REQS_IN_FLIGHT = 4;
    /** How long live subscriptions wait for the last deliveries after the last event was answered. */
    private static final Duration LIVE_GRACE = Duration.ofSeconds(5);
    private static final String LIVE_REQ = "[\"REQ\",\"live\",{\"kinds\":[1,7]}]";

    private RelayWarmUp() {
    }

    /**
     * What a warm-up did.
     *
     * @param events              events answered with an {@code OK}
     * @param delivered           events the live subscriptions received
     * @param requests            REQs answered with an {@code EOSE}
     * @param took                how long it took, the scratch relay's start and shutdown included
     * @param cpuMicrosPerRequest the process CPU per REQ of each block, in microseconds (empty where the JVM
     *                            does not report its process CPU)
     */
    record Result(long events, long delivered, long requests, Duration took, List<Long> cpuMicrosPerRequest) {

        Result {
            cpuMicrosPerRequest = List.copyOf(cpuMicrosPerRequest);
        }

        /** Nothing done: the warm-up was skipped. */
        static final Result NONE = new Result(0, 0, 0, Duration.ZERO, List.of());
    }

    /**
     * Runs the warm-up on an in-memory scratch store; failures are reported and ignored (a cold relay still
     * works).
     *
     * @param maxRequests the most REQs to send; 0 skips the warm-up
     * @param budget      no block of REQs past the first {@value #MIN_REQUESTS} starts later than this after
     *                    the start
     * @return what was answered, and how long it took
     */
    static Result run(int maxRequests, Duration budget) {
        if (maxRequests <= 0) {
            return Result.NONE;
        }
        return run(maxRequests, budget, MemoryEventStore.create(), System.nanoTime());
    }

    /**
     * {@link #run(int, Duration)} on a scratch LMDB store in a temporary directory, deleted afterwards, so that
     * the LMDB read and write paths are compiled too when the relay serves LMDB.
     *
     * @param maxRequests the most REQs to send; 0 skips the warm-up
     * @param budget      no block of REQs past the first {@value #MIN_REQUESTS} starts later than this after
     *                    the start
     * @return what was answered, and how long it took (the scratch store's creation and removal included)
     */
    static Result runOnLmdb(int maxRequests, Duration budget) {
        if (maxRequests <= 0) {
            return Result.NONE;
        }
        long start = System.nanoTime();
        Path dir;
        try {
            dir = Files.createTempDirectory("relay-warm-up-");
        } catch (IOException e) {
            System.err.println("Warm-up on LMDB skipped (" + e + "); warming up in memory");
            return run(maxRequests, budget);
        }
        try {
            // closed by the scratch relay's shutdown
            return run(maxRequests, budget, Objects.requireNonNull(LmdbEventStore.open(dir).block(Duration.ofSeconds(60)), "store"), start);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                System.err.println("Could not delete the warm-up store " + dir + ": " + e);
            }
        }
    }

    private static Result run(int maxRequests, Duration budget, EventStore store, long start) {
        long published = 0;
        long delivered = 0;
        long answered = 0;
        List<Long> costs = new ArrayList<>();
        NostrRelay scratch = Objects.requireNonNull(NostrRelay.start(store,
                // the warm-up client is one loopback address: lift the per-address rates a public relay has
                RelayOptions.builder().host("127.0.0.1").port(0)
                        .eventsPerSecondPerIp(0).requestsPerSecondPerIp(0)
                        // no keep-alive pings: on a starved machine a warm-up connection that waited over one
                        // ping interval for its answers was closed as dead ("Connection reset by peer")
                        .pingInterval(Duration.ZERO)
                        // nor the 10 s handshake limit: a cold relay on a starved machine took longer to upgrade
                        // its first connections, and the refused ones ended the warm-up ("Connection reset by peer")
                        .handshakeTimeout(Duration.ofMinutes(1))
                        .build()).block(Duration.ofSeconds(30)), "the warm-up relay did not start");
        try {
            List<KeyPair> authors = new ArrayList<>();
            for (int i = 0; i < AUTHORS; i++) {
                authors.add(KeyPair.generate());
            }
            List<Event> events = events(authors);
            Tuple2<Long, Long> ingest = Objects.requireNonNull(publish(scratch.url(), events).block(Duration.ofMinutes(2)),
                    "completed empty");
            published = ingest.getT1();
            delivered = ingest.getT2();
            WarmUpPlateau plateau = new WarmUpPlateau(3, 0.05);
            long deadline = start + budget.toNanos();
            for (int first = 0; first < maxRequests && (first < MIN_REQUESTS || System.nanoTime() < deadline);
                    first += BLOCK) {
                int n = Math.min(BLOCK, maxRequests - first);
                List<List<String>> reqs = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    reqs.add(new ArrayList<>());
                }
                for (int i = first; i < first + n; i++) {
                    reqs.get(i % CLIENTS).add(text(new ClientMessage.Req("w" + i, List.of(filter(i, authors, events)))));
                }
                long cpu = processCpuNanos();
                long got = Objects.requireNonNull(Flux.range(0, CLIENTS)
                        .flatMap(c -> drive(scratch.url(), reqs.get(c), REQS_IN_FLIGHT))
                        .reduce(0L, Long::sum).block(Duration.ofMinutes(1)), "completed empty");
                answered += got;
                if (got == 0) {
                    break; // the scratch relay answers nothing
                }
                if (cpu >= 0) { // else no measure to stop by: the count and the budget bound the warm-up
                    plateau.add((processCpuNanos() - cpu) / got / 1000);
                    costs = plateau.costs();
                    if (plateau.reached()) {
                        break;
                    }
                }
            }
        } catch (RuntimeException e) {
            System.err.println("Warm-up stopped early: " + e);
        } finally {
            scratch.shutdown().block(Duration.ofSeconds(30));
        }
        return new Result(published, delivered, answered, Duration.ofNanos(System.nanoTime() - start), costs);
    }

    /** The JVM's CPU time so far, every thread; -1 where it is not reported. */
    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /**
     * Publishes {@code events} over {@value #CLIENTS} connections once {@value #LISTENERS} live subscriptions
     * have their {@code EOSE} (or after 20 s without), and emits how many were answered with an {@code OK} and
     * how many deliveries the subscriptions received (each waits for all, at most {@link #LIVE_GRACE} after the
     * last {@code OK}).
     */
    private static Mono<Tuple2<Long, Long>> publish(String url, List<Event> events) {
        List<List<String>> publishes = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            publishes.add(new ArrayList<>());
        }
        for (int i = 0; i < events.size(); i++) {
            publishes.get(i % CLIENTS).add(text(new ClientMessage.Publish(events.get(i))));
        }
        List<Sinks.Empty<Void>> ready = new ArrayList<>();
        for (int i = 0; i < LISTENERS; i++) {
            ready.add(Sinks.empty());
        }
        Sinks.Empty<Void> published = Sinks.empty();
        Mono<Boolean> giveUp = published.asMono().then(Mono.delay(LIVE_GRACE)).thenReturn(true);
        Mono<Long> listening = Flux.range(0, LISTENERS)
                .flatMap(i -> listen(url, ready.get(i), giveUp, events.size()))
                .reduce(0L, Long::sum);
        Mono<Long> publishing = Mono.when(ready.stream().map(Sinks.Empty::asMono).toList())
                .timeout(Duration.ofSeconds(20)).onErrorResume(e -> Mono.empty())
                .then(Flux.range(0, CLIENTS).flatMap(c -> drive(url, publishes.get(c), EVENTS_IN_FLIGHT)).reduce(0L, Long::sum))
                .doFinally(signal -> published.tryEmitEmpty());
        return Mono.zip(publishing, listening);
    }

    /**
     * One live subscription to kinds 1 and 7: signals {@code ready} at its {@code EOSE}, then counts the events
     * delivered to it until {@code expected} arrived or {@code giveUp} emits; emits the count.
     */
    private static Mono<Long> listen(String url, Sinks.Empty<Void> ready, Mono<Boolean> giveUp, int expected) {
        AtomicLong received = new AtomicLong();
        return HttpClient.create()
                .websocket(WebsocketClientSpec.builder().maxFramePayloadLength(1 << 20).build())
                .uri(url)
                .handle((in, out) -> {
                    Sinks.Empty<Void> all = Sinks.empty();
                    Mono<Void> reading = in.receive().asString(StandardCharsets.UTF_8)
                            .doOnNext(message -> {
                                if (message.startsWith("[\"EVENT\",")) {
                                    if (received.incrementAndGet() >= expected) {
                                        all.tryEmitEmpty();
                                    }
                                } else if (message.startsWith("[\"EOSE\",")) {
                                    ready.tryEmitEmpty();
                                }
                            })
                            .takeUntilOther(Mono.firstWithSignal(all.asMono().thenReturn(true), giveUp))
                            .then();
                    return Mono.when(out.sendString(Mono.just(LIVE_REQ), StandardCharsets.UTF_8).then(), reading);
                })
                .then(Mono.fromSupplier(received::get))
                .onErrorResume(e -> Mono.fromSupplier(received::get))
                .doFinally(signal -> ready.tryEmitEmpty());
    }

    private static String text(ClientMessage message) {
        return new String(MessageJson.write(message), StandardCharsets.UTF_8);
    }

    /**
     * Sends {@code messages} over one WebSocket, {@code inFlight} at a time: the next goes out when an
     * {@code OK} or an {@code EOSE} answers one (an {@code EOSE} is followed by its {@code CLOSE}), so
     * nothing queues up without bound on either side. Emits how many were answered once all are.
     */
    private static Mono<Long> drive(String url, List<String> messages, int inFlight) {
        if (messages.isEmpty()) {
            return Mono.just(0L);
        }
        AtomicInteger answered = new AtomicInteger();
        return HttpClient.create()
                .websocket(WebsocketClientSpec.builder().maxFramePayloadLength(1 << 20).build())
                .uri(url)
                .handle((in, out) -> {
                    Sinks.Many<String> outbound = Sinks.many().unicast().onBackpressureBuffer();
                    Sinks.Empty<Void> done = Sinks.empty();
                    AtomicInteger sent = new AtomicInteger();
                    Runnable sendNext = () -> {
                        int i = sent.getAndIncrement();
                        if (i < messages.size()) {
                            outbound.tryEmitNext(messages.get(i));
                        }
                    };
                    for (int k = 0; k < inFlight; k++) {
                        sendNext.run();
                    }
                    Mono<Void> reading = in.receive().asString(StandardCharsets.UTF_8)
                            .doOnNext(message -> {
                                if (message.startsWith("[\"EOSE\",")) {
                                    outbound.tryEmitNext("[\"CLOSE\"" + message.substring("[\"EOSE\"".length()));
                                } else if (!message.startsWith("[\"OK\",")) {
                                    return;
                                }
                                if (answered.incrementAndGet() == messages.size()) {
                                    outbound.tryEmitComplete();
                                    done.tryEmitEmpty();
                                } else {
                                    sendNext.run();
                                }
                            })
                            .then();
                    return Mono.when(out.sendString(outbound.asFlux(), StandardCharsets.UTF_8).then(),
                            reading.takeUntilOther(done.asMono().then(Mono.just(true))));
                })
                .then(Mono.fromSupplier(() -> (long) answered.get()))
                // one failed connection does not end the warm-up: it counts what it had answered
                .onErrorResume(e -> {
                    System.err.println("Warm-up connection failed: " + e);
                    return Mono.fromSupplier(() -> (long) answered.get());
                });
    }

    /**
     * {@value #EVENTS} events by {@value #AUTHORS} authors, each with a {@code t} tag (one of {@value #TAGS})
     * and a {@code p} tag; every tenth a kind-7 reaction with an {@code e} tag, the others kind-1 notes of about
     * 120 characters: the shape of a public relay's notes, and of the benchmark's.
     */
    private static List<Event> events(List<KeyPair> authors) {
        long now = System.currentTimeMillis() / 1000;
        List<Event> events = new ArrayList<>(EVENTS);
        for (int i = 0; i < EVENTS; i++) {
            List<List<String>> tags = new ArrayList<>(List.of(List.of("t", tag(i)),
                    List.of("p", authors.get((i + 1) % AUTHORS).publicKey())));
            UnsignedEvent unsigned;
            if (i % 10 == 9) {
                tags.add(List.of("e", events.get(i - 1).id()));
                unsigned = new UnsignedEvent(now - EVENTS + i, 7, tags, "+");
            } else {
                unsigned = new UnsignedEvent(now - EVENTS + i, 1, tags, "warm-up note " + i + " " + "x".repeat(100));
            }
            events.add(authors.get(i % AUTHORS).sign(unsigned));
        }
        return events;
    }

    /** The {@code t} value of event {@code i}: runs of ten events share one, so each has one reaction in ten. */
    private static String tag(int i) {
        return "warm-up-" + (i / 10) % TAGS;
    }

    private static Filter filter(int i, List<KeyPair> authors, List<Event> events) {
        return switch (i % 3) {
            case 0 -> Filter.builder().authors(authors.get(i % AUTHORS).publicKey()).limit(50).build();
            case 1 -> Filter.builder().kinds(1).tag("t", tag(i)).limit(100).build();
            default -> {
                List<String> ids = new ArrayList<>(10);
                for (int k = 0; k < 10; k++) {
                    ids.add(events.get((i * 10 + k) % events.size()).id());
                }
                yield Filter.builder().ids(ids).build();
            }
        };
    }
}
