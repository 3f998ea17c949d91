package io.reactivestore.benchmarks.relay;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.relay.message.ClientMessage;
import io.reactivestore.relay.message.MessageJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
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
 * so the client's own cost stays small next to the relay's: the two share the machine's cores.
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

    private static final byte[] EVENT = ascii("[\"EVENT\",\"");
    private static final byte[] OK = ascii("[\"OK\",\"");
    private static final byte[] EOSE = ascii("[\"EOSE\",\"");
    private static final byte[] CLOSED = ascii("[\"CLOSED\",\"");
    private static final byte[] NOTICE = ascii("[\"NOTICE\"");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] ID_KEY = ascii("\"id\":\"");

    /** A REQ answered up to its {@code EOSE}: events returned, and whether each expected id came back. */
    record Answer(long events, boolean allExpectedIds) {
    }

    /** A REQ the relay ended with {@code CLOSED}. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

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
        final @Nullable Set<String> expectedIds;
        long events;
        int idsSeen;

        Pending(MonoSink<Answer> sink, @Nullable Set<String> expectedIds) {
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

    /** An {@code EVENT} message serialized ahead of time. */
    record Publication(String eventId, String frame) {
        static Publication of(Event event) {
            return new Publication(event.id(),
                    new String(MessageJson.write(new ClientMessage.Publish(event)), StandardCharsets.UTF_8));
        }
    }

    /** Publishes {@code event}; emits an empty string when the relay accepts it, else its {@code OK} frame. */
    Mono<String> publish(Event event) {
        return publish(Publication.of(event));
    }

    /** Publishes a pre-serialized event; emits as {@link #publish(Event)} does. */
    Mono<String> publish(Publication publication) {
        return Mono.create(sink -> {
            oks.put(publication.eventId(), sink);
            send(publication.frame());
        });
    }

    /** Sends a REQ, counts the events up to its {@code EOSE}, then closes it. */
    Mono<Answer> fetch(Filter filter) {
        return Mono.create(sink -> {
            String id = "q" + nextSubscription.incrementAndGet();
            Set<String> expected = filter.ids() == null ? null : Set.copyOf(filter.ids());
            reqs.put(id, new Pending(sink, expected));
            send(new String(MessageJson.write(new ClientMessage.Req(id, List.of(filter))), StandardCharsets.UTF_8));
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
        send(new String(MessageJson.write(new ClientMessage.Req(id, List.of(filter))), StandardCharsets.UTF_8));
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

    /**
     * Reads a frame without decoding it whole: only the pieces the measurement needs become strings
     * (the message heads are ASCII; event content is never looked at).
     */
    private void onFrame(WebSocketFrame frame) {
        if (!(frame instanceof TextWebSocketFrame)) {
            return;
        }
        ByteBuf b = frame.content();
        int from = b.readerIndex();
        if (startsWith(b, from, EVENT)) {
            int end = closingQuote(b, from + EVENT.length);
            String subscription = ascii(b, from + EVENT.length, end);
            Pending p = reqs.get(subscription);
            LiveListener listener = p == null ? live.get(subscription) : null;
            if (listener != null) {
                listener.live(eventId(b, end));
            } else if (p != null) {
                p.events++;
                if (p.expectedIds != null && p.expectedIds.contains(eventId(b, end))) {
                    p.idsSeen++;
                }
            }
        } else if (startsWith(b, from, OK)) {
            MonoSink<String> sink = oks.remove(ascii(b, from + OK.length, from + OK.length + 64));
            if (sink != null) {
                sink.success(startsWith(b, from + OK.length + 66, TRUE) ? "" : b.toString(StandardCharsets.UTF_8));
            }
        } else if (startsWith(b, from, EOSE)) {
            String id = ascii(b, from + EOSE.length, closingQuote(b, from + EOSE.length));
            Pending p = reqs.remove(id);
            LiveListener listener = p == null ? live.get(id) : null;
            if (listener != null) {
                listener.endOfStored();
            } else if (p != null) {
                send("[\"CLOSE\",\"" + id + "\"]");
                p.sink.success(new Answer(p.events,
                        p.expectedIds == null || p.idsSeen == p.expectedIds.size()));
            }
        } else if (startsWith(b, from, CLOSED)) {
            Pending p = reqs.remove(ascii(b, from + CLOSED.length, closingQuote(b, from + CLOSED.length)));
            if (p != null) {
                p.sink.error(new Refused(b.toString(StandardCharsets.UTF_8)));
            }
        } else if (startsWith(b, from, NOTICE)) {
            System.out.println("  notice: " + b.toString(StandardCharsets.UTF_8));
        }
    }

    /** The 64-hex {@code "id"} of the event in an {@code EVENT} frame, searched from {@code at}. */
    private static String eventId(ByteBuf b, int at) {
        int limit = b.writerIndex() - ID_KEY.length;
        for (int i = at; i <= limit; i++) {
            if (startsWith(b, i, ID_KEY)) {
                return ascii(b, i + ID_KEY.length, i + ID_KEY.length + 64);
            }
        }
        return "";
    }

    /** Where the JSON string that starts at {@code at} (after its opening quote) ends. */
    private static int closingQuote(ByteBuf b, int at) {
        return b.indexOf(at, b.writerIndex(), (byte) '"');
    }

    private static boolean startsWith(ByteBuf b, int at, byte[] prefix) {
        if (at < 0 || at + prefix.length > b.writerIndex()) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b.getByte(at + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static String ascii(ByteBuf b, int from, int to) {
        return b.toString(from, Math.max(0, to - from), StandardCharsets.US_ASCII);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        outbound.tryEmitComplete();
        session.dispose();
    }
}
