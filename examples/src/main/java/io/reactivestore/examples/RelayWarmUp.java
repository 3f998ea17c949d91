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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

/**
 * Warms the JIT before the relay takes its first client: a scratch relay on a free loopback port, with
 * its own in-memory store (or a scratch LMDB store when the relay serves LMDB, {@link #runOnLmdb}), takes 500 signed events and then {@code requests} REQs of the three
 * shapes clients send most (an author with a limit, a kind and a {@code #t} tag with a limit, a list of
 * ids) over real WebSockets from a minimal client that parses nothing (so the JIT learns the relay, not a
 * client), each followed by its {@code CLOSE}, and is shut down. The real relay runs the same classes, so it starts with
 * its hot paths compiled instead of meeting its first users with interpreted code. Blocking: call it
 * from {@code main} only.
 */
final class RelayWarmUp {

    private static final int AUTHORS = 10;
    private static final int TAGS = 10;
    private static final int EVENTS = 500;
    private static final int CLIENTS = 4;
    private static final int IN_FLIGHT = 4;

    private RelayWarmUp() {
    }

    /**
     * What a warm-up did.
     *
     * @param events   events answered with an {@code OK}
     * @param requests REQs answered with an {@code EOSE}
     * @param took     how long it took, the scratch relay's start and shutdown included
     */
    record Result(long events, long requests, Duration took) {
    }

    /**
     * Runs the warm-up; failures are reported and ignored (a cold relay still works).
     *
     * @param requests how many REQs to send; 0 skips the warm-up
     * @return what was answered, and how long it took
     */
    static Result run(int requests) {
        if (requests <= 0) {
            return new Result(0, 0, Duration.ZERO);
        }
        return run(requests, MemoryEventStore.create(), System.nanoTime());
    }

    /**
     * {@link #run(int)} on a scratch LMDB store in a temporary directory, deleted afterwards, so that the
     * LMDB read and write paths are compiled too when the relay serves LMDB.
     *
     * @param requests how many REQs to send; 0 skips the warm-up
     * @return what was answered, and how long it took (the scratch store's creation and removal included)
     */
    static Result runOnLmdb(int requests) {
        if (requests <= 0) {
            return new Result(0, 0, Duration.ZERO);
        }
        long start = System.nanoTime();
        Path dir;
        try {
            dir = Files.createTempDirectory("relay-warm-up-");
        } catch (IOException e) {
            System.err.println("Warm-up on LMDB skipped (" + e + "); warming up in memory");
            return run(requests);
        }
        try {
            // closed by the scratch relay's shutdown
        return run(requests, Objects.requireNonNull(LmdbEventStore.open(dir).block(Duration.ofSeconds(60)), "store"), start);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                System.err.println("Could not delete the warm-up store " + dir + ": " + e);
            }
        }
    }

    private static Result run(int requests, EventStore store, long start) {
        long published = 0;
        long answered = 0;
        NostrRelay scratch = Objects.requireNonNull(NostrRelay.start(store,
                // the warm-up client is one loopback address: lift the per-address rates a public relay has
                RelayOptions.builder().host("127.0.0.1").port(0)
                        .eventsPerSecondPerIp(0).requestsPerSecondPerIp(0)
                        // no keep-alive pings: on a starved machine a warm-up connection that waited over one
                        // ping interval for its answers was closed as dead ("Connection reset by peer")
                        .pingInterval(Duration.ZERO)
                        .build()).block(Duration.ofSeconds(30)), "the warm-up relay did not start");
        try {
            List<KeyPair> authors = new ArrayList<>();
            for (int i = 0; i < AUTHORS; i++) {
                authors.add(KeyPair.generate());
            }
            List<Event> events = events(authors);
            List<List<String>> publishes = new ArrayList<>();
            List<List<String>> reqs = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                publishes.add(new ArrayList<>());
                reqs.add(new ArrayList<>());
            }
            for (int i = 0; i < events.size(); i++) {
                publishes.get(i % CLIENTS).add(text(new ClientMessage.Publish(events.get(i))));
            }
            for (int i = 0; i < requests; i++) {
                reqs.get(i % CLIENTS).add(text(new ClientMessage.Req("w" + i, List.of(filter(i, authors, events)))));
            }
            published = Objects.requireNonNull(Flux.range(0, CLIENTS).flatMap(c -> drive(scratch.url(), publishes.get(c)))
                    .reduce(0L, Long::sum).block(Duration.ofMinutes(2)), "completed empty");
            answered = Objects.requireNonNull(Flux.range(0, CLIENTS).flatMap(c -> drive(scratch.url(), reqs.get(c)))
                    .reduce(0L, Long::sum).block(Duration.ofMinutes(5)), "completed empty");
        } catch (RuntimeException e) {
            System.err.println("Warm-up stopped early: " + e);
        } finally {
            scratch.shutdown().block(Duration.ofSeconds(30));
        }
        return new Result(published, answered, Duration.ofNanos(System.nanoTime() - start));
    }

    private static String text(ClientMessage message) {
        return new String(MessageJson.write(message), StandardCharsets.UTF_8);
    }

    /**
     * Sends {@code messages} over one WebSocket, {@value #IN_FLIGHT} at a time: the next goes out when an
     * {@code OK} or an {@code EOSE} answers one (an {@code EOSE} is followed by its {@code CLOSE}), so
     * nothing queues up without bound on either side. Emits how many were answered once all are.
     */
    private static Mono<Long> drive(String url, List<String> messages) {
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
                    for (int k = 0; k < IN_FLIGHT; k++) {
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
                .then(Mono.fromSupplier(() -> (long) answered.get()));
    }

    private static List<Event> events(List<KeyPair> authors) {
        long now = System.currentTimeMillis() / 1000;
        List<Event> events = new ArrayList<>(EVENTS);
        for (int i = 0; i < EVENTS; i++) {
            List<List<String>> tags = List.of(List.of("t", "warm-up-" + (i % TAGS)),
                    List.of("p", authors.get((i + 1) % AUTHORS).publicKey()));
            String content = "warm-up note " + i + " " + "x".repeat(100);
            events.add(authors.get(i % AUTHORS).sign(new UnsignedEvent(now - EVENTS + i, 1, tags, content)));
        }
        return events;
    }

    private static Filter filter(int i, List<KeyPair> authors, List<Event> events) {
        return switch (i % 3) {
            case 0 -> Filter.builder().authors(authors.get(i % AUTHORS).publicKey()).limit(50).build();
            case 1 -> Filter.builder().kinds(1).tag("t", "warm-up-" + (i % TAGS)).limit(100).build();
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
