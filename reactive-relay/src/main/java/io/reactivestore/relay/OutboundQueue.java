package io.reactivestore.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.reactivestore.event.Event;
import io.reactivestore.event.NostrJson;
import io.reactivestore.event.RelayMessage;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.util.concurrent.Queues;

/**
 * The messages waiting to be written to one client, in order, as one stream of WebSocket frames.
 *
 * <p><b>Bounds.</b> Two budgets keep memory flat however slow the reader:
 * <ul>
 *   <li>Live events and control messages (OK, CLOSED, NOTICE, EOSE, COUNT, AUTH): at most
 *       {@code capacity} messages and {@code maxBytes} bytes (as they will be written) wait. When one
 *       more would not fit, the reader is too slow: a NOTICE says so,
 *       the queue completes after what it holds, and {@code onOverflow} runs (the connection closes).
 *   <li>Stored results of REQs: at most {@code storedWindow} wait. A {@link StoredDelivery} takes credits
 *       before it asks its store query for more and parks when none are left; credits come back as the
 *       client takes messages, and a parked delivery is resumed on {@code wakeScheduler} (never inside
 *       the emitting thread's lock).
 * </ul>
 *
 * <p><b>Threads.</b> Any thread may offer; emission into the sink is serialized by a lock. Items are
 * rendered into frames only when Netty asks for them, so nothing reference-counted waits in the queue.
 * An item of a subscription that has since been closed or replaced is dropped instead of written.
 */
final class OutboundQueue {

    /** Something waiting to be written. */
    private sealed interface Item {
    }

    /** A pre-rendered message; {@code owner} is the subscription it belongs to, or {@code null}. */
    private record Text(LiveSubscription owner, byte[] bytes) implements Item {
    }

    /** An event of a subscription; {@code stored} tells which budget it uses. */
    private record EventItem(LiveSubscription owner, Event event, boolean stored) implements Item {
    }

    private static final byte[] EVENT_SUFFIX = {']'};
    private static final long PARK_RECHECK_MS = 100;

    private final Sinks.Many<Item> sink = Sinks.many().unicast().onBackpressureBuffer(Queues.<Item>unbounded(16).get());
    private final Object emitLock = new Object();
    private final int capacity;
    private final AtomicInteger pending = new AtomicInteger();
    private final long maxBytes;
    private final AtomicLong pendingBytes = new AtomicLong();
    private final AtomicInteger storedCredits;
    private final ConcurrentLinkedQueue<StoredDelivery> parked = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean overflowed = new AtomicBoolean();
    private final Scheduler wakeScheduler;
    private final Runnable onOverflow;
    private volatile boolean completed;

    OutboundQueue(int capacity, long maxBytes, int storedWindow, Scheduler wakeScheduler, Runnable onOverflow) {
        this.capacity = capacity;
        this.maxBytes = maxBytes;
        this.storedCredits = new AtomicInteger(storedWindow);
        this.wakeScheduler = wakeScheduler;
        this.onOverflow = onOverflow;
    }

    /** Queues a control message; {@code false} if the queue is completed or just overflowed. */
    boolean offer(RelayMessage message) {
        return offerCounted(new Text(null, NostrJson.write(message)));
    }

    /** Queues a control message belonging to {@code owner} (EOSE), dropped if the subscription ends first. */
    boolean offer(LiveSubscription owner, RelayMessage message) {
        return offerCounted(new Text(owner, NostrJson.write(message)));
    }

    /** Queues a live event of {@code owner}. */
    boolean offerLive(LiveSubscription owner, Event event) {
        return offerCounted(new EventItem(owner, event, false));
    }

    /**
     * Queues a stored event of {@code owner} with a credit its delivery already holds; on {@code false}
     * the caller gives the credit back.
     */
    boolean offerStored(LiveSubscription owner, Event event) {
        return emit(new EventItem(owner, event, true));
    }

    private boolean offerCounted(Item item) {
        if (completed) {
            return false;
        }
        if (pending.incrementAndGet() > capacity) {
            pending.decrementAndGet();
            overflow("more than " + capacity + " messages");
            return false;
        }
        long bytes = size(item);
        if (pendingBytes.addAndGet(bytes) > maxBytes) {
            pendingBytes.addAndGet(-bytes);
            pending.decrementAndGet();
            overflow("more than " + maxBytes + " bytes");
            return false;
        }
        if (!emit(item)) {
            pending.decrementAndGet();
            pendingBytes.addAndGet(-bytes);
            return false;
        }
        return true;
    }

    /** The bytes {@code item} will take on the wire (without the frame header). */
    private static long size(Item item) {
        if (item instanceof Text text) {
            return text.bytes().length;
        }
        EventItem e = (EventItem) item;
        return e.owner().eventPrefix().length + e.event().json().remaining() + 1L;
    }

    private void overflow(String what) {
        if (overflowed.compareAndSet(false, true)) {
            emit(new Text(null, NostrJson.write(new RelayMessage.Notice("error: you read too slowly; " + what
                    + " were waiting for you, so the relay closes this connection"))));
            complete();
            onOverflow.run();
        }
    }

    private boolean emit(Item item) {
        synchronized (emitLock) {
            return !completed && sink.tryEmitNext(item).isSuccess();
        }
    }

    /** Ends the stream after the messages already queued; later offers are refused. Idempotent. */
    void complete() {
        synchronized (emitLock) {
            if (!completed) {
                completed = true;
                sink.tryEmitComplete();
            }
        }
    }

    /** Whether the slow-reader limit was hit. */
    boolean overflowed() {
        return overflowed.get();
    }

    // ---------------------------------------------------------------- stored-result credits

    /** Takes up to {@code wanted} credits; 0 when none are left. */
    int acquireStoredCredits(int wanted) {
        while (true) {
            int available = storedCredits.get();
            if (available <= 0) {
                return 0;
            }
            int taken = Math.min(available, wanted);
            if (storedCredits.compareAndSet(available, available - taken)) {
                return taken;
            }
        }
    }

    /** Gives credits back and resumes as many parked deliveries as they can serve. */
    void releaseStoredCredits(int count) {
        if (count <= 0) {
            return;
        }
        int available = storedCredits.addAndGet(count);
        StoredDelivery next;
        while (available > 0 && (next = parked.poll()) != null) {
            wakeScheduler.schedule(next::resume);
            available -= StoredDelivery.BATCH;
        }
    }

    /**
     * Parks a delivery until credits come back; resumes it at once if some came back meanwhile. As a
     * safety net against a missed wake-up, a parked delivery also retries after {@value #PARK_RECHECK_MS}
     * ms (it parks again if the window is still full), so it can never wait forever.
     */
    void park(StoredDelivery delivery) {
        parked.add(delivery);
        if (storedCredits.get() > 0 && parked.remove(delivery)) {
            wakeScheduler.schedule(delivery::resume);
            return;
        }
        wakeScheduler.schedule(() -> {
            if (parked.remove(delivery)) {
                delivery.resume();
            }
        }, PARK_RECHECK_MS, TimeUnit.MILLISECONDS);
    }

    /** Forgets a parked delivery that ended. */
    void unpark(StoredDelivery delivery) {
        parked.remove(delivery);
    }

    // ---------------------------------------------------------------- writing

    /** The frames to write, rendered as Netty requests them; subscribe once. */
    Flux<WebSocketFrame> frames(ByteBufAllocator alloc) {
        return sink.asFlux().handle((item, out) -> {
            WebSocketFrame frame = render(item, alloc);
            if (frame != null) {
                out.next(frame);
            }
        });
    }

    private WebSocketFrame render(Item item, ByteBufAllocator alloc) {
        if (item instanceof Text text) {
            pending.decrementAndGet();
            pendingBytes.addAndGet(-text.bytes().length);
            if (text.owner() != null && !text.owner().isActive()) {
                return null;
            }
            return new TextWebSocketFrame(alloc.buffer(text.bytes().length).writeBytes(text.bytes()));
        }
        EventItem e = (EventItem) item;
        if (e.stored()) {
            releaseStoredCredits(1);
        } else {
            pending.decrementAndGet();
            pendingBytes.addAndGet(-size(e));
        }
        if (!e.owner().isActive()) {
            return null;
        }
        byte[] prefix = e.owner().eventPrefix();
        ByteBuffer json = e.event().json();
        ByteBuf buf = alloc.buffer(prefix.length + json.remaining() + 1);
        buf.writeBytes(prefix).writeBytes(json).writeBytes(EVENT_SUFFIX);
        return new TextWebSocketFrame(buf);
    }
}
