package io.reactivestore.benchmarks.relay;

import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.reactivestore.event.ClientMessage;
import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.NostrJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.resources.LoopResources;
import reactor.util.concurrent.Queues;

/**
 * A bare NIP-01 connection for load generation: frames are serialized before they are sent, and an
 * answer is read only as far as the measurement needs (message type, the event id of an {@code OK},
 * the subscription id of {@code EVENT} / {@code EOSE} / {@code CLOSED}, and the {@code "id"} of a
 * returned event when the REQ asked for ids or the subscription is live). Received events are not parsed,
 * so the client's own cost
 * stays small next to the relay's: the two share the machine's cores.
 *
 * <p>Outbound frames wait in a bounded queue of {@value #OUTBOUND_QUEUE} frames; the scenarios' windows
 * keep far fewer in flight, and a full queue is an error ({@link IllegalStateException}).
 */
final class LoadConnection implements AutoCloseable {

    /** Name prefix of the client's own event-loop threads, apart from the relay's (see {@link CpuMeter}). */
    static final String THREAD_PREFIX = "load-client";

    private static final LoopResources LOOPS = LoopResources.create(THREAD_PREFIX, 1, true);
    private static final int OUTBOUND_QUEUE = 4096;
    private static final int MAX_FRAME = 4 << 20;

    /** A REQ answered up to its {@code EOSE}: events returned, and whether each expected id came back. */
    record Answer(long events, boolean allExpectedIds) {
    }

    /** A REQ the relay ended with {@code CLOSED}. */
    static final class Refused extends RuntimeException {
        Refused(String frame) {
            super(frame, null, false, false);
        }
    }

    /** What a live subscription is told, on the client's event loop. */
    interface LiveListener {
        /** The stored events are all sent ({@code EOSE}). */
        void endOfStored();

        /** An event arrived after {@code EOSE}. */
        void live(String eventId);
    }

    private static final class Pending {
        final MonoSink<Answer> sink;
        final Set<String> expectedIds;
        long events;
        int idsSeen;

        Pending(MonoSink<Answer> sink, Set<String> expectedIds) {
            this.sink = sink;
            this.expectedIds = expectedIds;
        }
    }

    private final Sinks.Many<String> outbound = Sinks.many().unicast()
            .onBackpressureBuffer(Queues.<String>get(OUTBOUND_QUEUE).get());
    private final Map<String, MonoSink<String>> oks = new ConcurrentHashMap<>();
    private final Map<String, Pending> reqs = new ConcurrentHashMap<>();
    private final Map<String, LiveListener> live = new ConcurrentHashMap<>();
    private final AtomicLong nextSubscription = new AtomicLong();
    private final Disposable session;

    private LoadConnection(String url, MonoSink<LoadConnection> connected) {
        WebsocketClientSpec spec = WebsocketClientSpec.builder().maxFramePayloadLength(MAX_FRAME).build();
        this.session = HttpClient.newConnection().runOn(LOOPS).websocket(spec).uri(url)
                .handle((in, out) -> {
                    connected.success(this);
                    Mono<Void> reading = in.aggregateFrames(MAX_FRAME).receiveFrames()
                            .doOnNext(this::onFrame)
                            .then();
                    return out.sendString(outbound.asFlux()).then().and(reading);
                })
                .doOnError(connected::error)
                .subscribe();
    }

    static Mono<LoadConnection> connect(String url) {
        return Mono.create(sink -> new LoadConnection(url, sink));
    }

    /** Publishes {@code event}; emits an empty string when the relay accepts it, else its {@code OK} frame. */
    Mono<String> publish(Event event) {
        String frame = new String(NostrJson.write(new ClientMessage.Publish(event)), StandardCharsets.UTF_8);
        return Mono.create(sink -> {
            oks.put(event.id(), sink);
            send(frame);
        });
    }

    /** Sends a REQ, counts the events up to its {@code EOSE}, then closes it. */
    Mono<Answer> fetch(Filter filter) {
        return Mono.create(sink -> {
            String id = "q" + nextSubscription.incrementAndGet();
            Set<String> expected = filter.ids() == null ? null : Set.copyOf(filter.ids());
            reqs.put(id, new Pending(sink, expected));
            send(new String(NostrJson.write(new ClientMessage.Req(id, List.of(filter))), StandardCharsets.UTF_8));
        });
    }

    /** Opens a subscription that stays open: {@code listener} hears its {@code EOSE} and the ids of later events. */
    void subscribe(Filter filter, LiveListener listener) {
        String id = "live" + nextSubscription.incrementAndGet();
        live.put(id, new LiveListener() {
            private boolean stored = true;

            @Override
            public void endOfStored() {
                stored = false;
                listener.endOfStored();
            }

            @Override
            public void live(String eventId) {
                if (!stored) {
                    listener.live(eventId);
                }
            }
        });
        send(new String(NostrJson.write(new ClientMessage.Req(id, List.of(filter))), StandardCharsets.UTF_8));
    }

    private void send(String frame) {
        Sinks.EmitResult result = outbound.tryEmitNext(frame);
        while (result == Sinks.EmitResult.FAIL_NON_SERIALIZED) {
            Thread.onSpinWait(); // another thread is emitting: only for an instant
            result = outbound.tryEmitNext(frame);
        }
        if (result.isFailure()) {
            throw new IllegalStateException("outbound frame not queued: " + result);
        }
    }

    private void onFrame(WebSocketFrame frame) {
        if (!(frame instanceof TextWebSocketFrame text)) {
            return;
        }
        String s = text.text();
        if (s.startsWith("[\"EVENT\",\"")) {
            int end = s.indexOf('"', 10);
            String subscription = s.substring(10, end);
            Pending p = reqs.get(subscription);
            LiveListener listener = p == null ? live.get(subscription) : null;
            if (listener != null) {
                int at = s.indexOf("\"id\":\"", end) + 6;
                listener.live(s.substring(at, at + 64));
            } else if (p != null) {
                p.events++;
                if (p.expectedIds != null) {
                    int at = s.indexOf("\"id\":\"", end) + 6;
                    if (p.expectedIds.contains(s.substring(at, at + 64))) {
                        p.idsSeen++;
                    }
                }
            }
        } else if (s.startsWith("[\"OK\",\"")) {
            MonoSink<String> sink = oks.remove(s.substring(7, 71));
            if (sink != null) {
                sink.success(s.startsWith("true", 73) ? "" : s);
            }
        } else if (s.startsWith("[\"EOSE\",\"")) {
            String id = s.substring(9, s.indexOf('"', 9));
            Pending p = reqs.remove(id);
            LiveListener listener = p == null ? live.get(id) : null;
            if (listener != null) {
                listener.endOfStored();
            } else if (p != null) {
                send("[\"CLOSE\",\"" + id + "\"]");
                p.sink.success(new Answer(p.events,
                        p.expectedIds == null || p.idsSeen == p.expectedIds.size()));
            }
        } else if (s.startsWith("[\"CLOSED\",\"")) {
            Pending p = reqs.remove(s.substring(11, s.indexOf('"', 11)));
            if (p != null) {
                p.sink.error(new Refused(s));
            }
        } else if (s.startsWith("[\"NOTICE\"")) {
            System.out.println("  notice: " + s);
        }
    }

    @Override
    public void close() {
        outbound.tryEmitComplete();
        session.dispose();
    }
}
