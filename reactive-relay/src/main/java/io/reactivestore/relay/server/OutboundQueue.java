package io.reactivestore.relay.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.reactivestore.event.Event;
import io.reactivestore.relay.message.MessageJson;
import io.reactivestore.relay.message.RelayMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.util.concurrent.Queues;

/**
 * The messages waiting to be written to one client, in order, written in batches: everything queued
 * when the connection's event loop gets to it goes out as one buffer of WebSocket frames (at most about
 * {@value #BATCH_BYTES} bytes, one message always whole), so a REQ's stored results take one write and
 * one flush, not one per event.
 *
 * <p><b>Bounds.</b> Two budgets keep memory flat however slow the reader. A message uses its budget from
 * the moment it is queued until the kernel has taken the bytes of its batch (see {@link WriteBatch}), so
 * the budgets cover Netty's outbound buffer too:
 * <ul>
 *   <li>Live events and control messages (OK, CLOSED, NOTICE, EOSE, COUNT, AUTH): at most
 *       {@code capacity} messages and {@code maxBytes} bytes (as they will be written). When one more
 *       would not fit, the reader is too slow: a NOTICE says so,
 *       the queue completes after what it holds, and {@code onOverflow} runs (the connection closes).
 *   <li>Stored results of REQs: at most {@code storedWindow}. A {@link StoredDelivery} takes a page's
 *       credits before it asks its store query for the page and parks when they are not left; credits come back as the
 *       client takes messages, and a parked delivery is resumed on the event loop as a task of its own
 *       (never inside the thread or the lock that gave the credits back).
 * </ul>
 *
 * <p><b>Threads.</b> Any thread may offer; offers are serialized by a lock. Items are rendered into frames
 * only on the event loop when the writer has demand, so nothing reference-counted waits in the queue. An
 * item of a subscription that has since been closed or replaced is dropped instead of written.
 */
final class OutboundQueue {

    /** Something waiting to be written. */
    private sealed interface Item {
    }

    /** A pre-rendered message; {@code owner} is the subscription it belongs to, or {@code null}. */
    private record Text(@Nullable LiveSubscription owner, byte[] bytes) implements Item {
    }

    /** A live event of a subscription. */
    private record EventItem(LiveSubscription owner, Event event) implements Item {
    }

    /** A page of stored results of a subscription, holding one stored-window credit per event. */
    private record PageItem(LiveSubscription owner, List<Event> events) implements Item {
    }

    /** A batch takes no further message once it holds this many bytes. */
    static final int BATCH_BYTES = 64 * 1024;
    private static final byte EVENT_SUFFIX = ']';
    private static final long PARK_RECHECK_MS = 100;

    /** Unbounded as a structure; bounded by the two budgets (overflow messages aside: one NOTICE). */
    private final Queue<Item> queue = Queues.<Item>unboundedMultiproducer().get();
    private final Object emitLock = new Object();
    private final int capacity;
    private final AtomicInteger pending = new AtomicInteger();
    private final long maxBytes;
    private final AtomicLong pendingBytes = new AtomicLong();
    private final AtomicInteger storedCredits;
    private final ConcurrentLinkedQueue<StoredDelivery> parked = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean overflowed = new AtomicBoolean();
    private final ScheduledExecutorService loop;
    private final Runnable onOverflow;
    private final WriteBatch.Budgets budgets = this::written;
    private volatile boolean completed;
    private volatile @Nullable Writer writer;
    /** The page being rendered, written over several batches if need be; touched on the event loop only. */
    private @Nullable PageItem page;
    /** The index in {@link #page} of its next event to render. */
    private int pageNext;
    private final ViewStream pageSink = new ViewStream();

    /**
     * @param capacity     live events and control messages that may wait
     * @param maxBytes     bytes of live events and control messages that may wait
     * @param storedWindow stored results that may wait
     * @param loop         the connection's event loop: renders, and resumes parked deliveries
     * @param onOverflow   runs once when {@code capacity} is exceeded
     */
    OutboundQueue(int capacity, long maxBytes, int storedWindow, ScheduledExecutorService loop,
            Runnable onOverflow) {
        this.capacity = capacity;
        this.maxBytes = maxBytes;
        this.storedCredits = new AtomicInteger(storedWindow);
        this.loop = loop;
        this.onOverflow = onOverflow;
    }

    /** Queues a control message; {@code false} if the queue is completed or just overflowed. */
    boolean offer(RelayMessage message) {
        return offerCounted(new Text(null, MessageJson.write(message)));
    }

    /** Queues a control message already rendered as JSON (the NIP-77 {@code NEG-*} messages). */
    boolean offerJson(byte[] json) {
        return offerCounted(new Text(null, json));
    }

    /** Queues a control message belonging to {@code owner} (EOSE), dropped if the subscription ends first. */
    boolean offer(LiveSubscription owner, RelayMessage message) {
        return offerCounted(new Text(owner, MessageJson.write(message)));
    }

    /** Queues a live event of {@code owner}. */
    boolean offerLive(LiveSubscription owner, Event event) {
        return offerCounted(new EventItem(owner, event));
    }

    /**
     * Queues a page of stored events of {@code owner} with one credit per event, which its delivery already
     * holds; on {@code false} the caller gives the credits back. The page is not copied: it must not change.
     */
    boolean offerStored(LiveSubscription owner, List<Event> page) {
        return emit(new PageItem(owner, page));
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
        return messageLength(e.owner(), e.event());
    }

    /** The bytes of {@code ["EVENT",<subscription id>,<event>]}. */
    private static int messageLength(LiveSubscription owner, Event event) {
        return owner.eventPrefix().length + event.jsonLength() + 1;
    }

    private void overflow(String what) {
        if (overflowed.compareAndSet(false, true)) {
            emit(new Text(null, MessageJson.write(new RelayMessage.Notice("error: you read too slowly; " + what
                    + " were waiting for you, so the relay closes this connection"))));
            complete();
            onOverflow.run();
        }
    }

    private boolean emit(Item item) {
        synchronized (emitLock) {
            if (completed) {
                return false;
            }
            queue.offer(item);
        }
        scheduleWrite();
        return true;
    }

    /** Ends the stream after the messages already queued; later offers are refused. Idempotent. */
    void complete() {
        synchronized (emitLock) {
            completed = true;
        }
        scheduleWrite();
    }

    /** Whether the slow-reader limit was hit. */
    boolean overflowed() {
        return overflowed.get();
    }

    private void scheduleWrite() {
        Writer w = writer;
        if (w != null) {
            w.schedule();
        }
    }

    /** A batch was written (or discarded): its messages no longer wait. */
    private void written(int messages, long bytes, int stored) {
        if (messages > 0) {
            pending.addAndGet(-messages);
            pendingBytes.addAndGet(-bytes);
        }
        releaseStoredCredits(stored);
    }

    // ---------------------------------------------------------------- stored-result credits

    /** Takes {@code count} credits if that many are left, else none; {@code true} if they were taken. */
    boolean acquireStoredCredits(int count) {
        while (true) {
            int available = storedCredits.get();
            if (available < count) {
                return false;
            }
            if (storedCredits.compareAndSet(available, available - count)) {
                return true;
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
        while (available >= StoredDelivery.BATCH && (next = parked.poll()) != null) {
            run(next::resume);
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
        if (storedCredits.get() >= StoredDelivery.BATCH && parked.remove(delivery)) {
            run(delivery::resume);
            return;
        }
        try {
            loop.schedule(() -> {
                if (parked.remove(delivery)) {
                    delivery.resume();
                }
            }, PARK_RECHECK_MS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // the event loop is shutting down: the connection is gone with it
        }
    }

    /** Forgets a parked delivery that ended. */
    void unpark(StoredDelivery delivery) {
        parked.remove(delivery);
    }

    private void run(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException closed) {
            // the event loop is shutting down: the connection is gone with it
        }
    }

    // ---------------------------------------------------------------- writing

    /**
     * The buffers to write, each holding one or more complete WebSocket text frames (no extension may be
     * negotiated on the connection), rendered on the event loop as the subscriber requests them; one
     * buffer per request unit. Completes after {@link #complete()} once everything queued is rendered.
     * Subscribe once.
     */
    Flux<ByteBuf> frames(ByteBufAllocator alloc) {
        return Flux.from(subscriber -> {
            Writer w = new Writer(subscriber, alloc);
            if (writer != null) {
                Operators.error(subscriber, new IllegalStateException("the outbound queue has a writer already"));
                return;
            }
            writer = w;
            subscriber.onSubscribe(w);
            w.schedule();
        });
    }

    /** Drains the queue into batches on the event loop, one batch per unit of demand. */
    private final class Writer implements Subscription, Runnable {

        private final Subscriber<? super ByteBuf> actual;
        private final ByteBufAllocator alloc;
        private final AtomicLong requested = new AtomicLong();
        private final AtomicBoolean scheduled = new AtomicBoolean();
        private volatile boolean cancelled;
        /** Touched on the event loop only. */
        private boolean done;

        Writer(Subscriber<? super ByteBuf> actual, ByteBufAllocator alloc) {
            this.actual = actual;
            this.alloc = alloc;
        }

        void schedule() {
            if (scheduled.compareAndSet(false, true)) {
                try {
                    loop.execute(this);
                } catch (RejectedExecutionException closed) {
                    scheduled.set(false);
                }
            }
        }

        @Override
        public void request(long n) {
            if (Operators.validate(n)) {
                requested.getAndUpdate(r -> Operators.addCap(r, n));
                schedule();
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            schedule();
        }

        @Override
        public void run() {
            scheduled.set(false);
            if (done) {
                return;
            }
            if (cancelled) {
                done = true;
                discardQueued();
                return;
            }
            while (requested.get() > 0) {
                ByteBuf batch = nextBatch(alloc);
                if (batch == null) {
                    break;
                }
                requested.decrementAndGet();
                actual.onNext(batch);
                if (cancelled) {
                    return;
                }
            }
            if (completed && page == null && queue.isEmpty()) {
                done = true;
                actual.onComplete();
            }
        }
    }

    /** Gives back the budgets of everything still queued; the writer is gone. */
    private void discardQueued() {
        if (page != null) {
            releaseStoredCredits(page.events().size() - pageNext);
          page = null;
        }
        Item item;
        while ((item = queue.poll()) != null) {
            drop(item);
        }
    }

    private void drop(Item item) {
        if (item instanceof PageItem p) {
            releaseStoredCredits(p.events().size());
        } else {
            pending.decrementAndGet();
            pendingBytes.addAndGet(-size(item));
        }
    }

    /**
     * Renders queued messages into one buffer, or {@code null} when nothing is left to write. A page of
     * stored events may be spread over several batches; its rest waits in {@link #page}.
     */
    private @Nullable ByteBuf nextBatch(ByteBufAllocator alloc) {
        ByteBuf out = null;
        ByteBufOutputStream stream = null;
        int messages = 0;
        long messageBytes = 0;
        int stored = 0;
        while (out == null || out.readableBytes() < BATCH_BYTES) {
            if (page != null) {
                if (!page.owner().isActive()) {
                    releaseStoredCredits(page.events().size() - pageNext);
                  page = null;
                    continue;
                }
                LiveSubscription owner = page.owner();
                List<Event> events = page.events();
                // the rest of the page, or as much as one batch takes, with one capacity check
                int end = pageNext;
                long batched = out == null ? 0 : out.readableBytes();
                long bytes = 0;
                while (end < events.size() && batched + bytes < BATCH_BYTES) {
                    bytes += TextFrames.MAX_HEADER + messageLength(owner, events.get(end));
                    end++;
                }
                out = ensure(out, alloc, (int) bytes);
                renderPage(out, (int) bytes, owner, events, pageNext, end);
                stored += end - pageNext;
                pageNext = end;
                if (pageNext == events.size()) {
                  page = null;
                }
                continue;
            }
            Item item = queue.poll();
            if (item == null) {
                break;
            }
            if (item instanceof PageItem p) {
                page = p;
                pageNext = 0;
                continue;
            }
            if (item instanceof Text text) {
                if (text.owner() != null && !text.owner().isActive()) {
                    drop(item);
                    continue;
                }
                byte[] bytes = text.bytes();
                out = ensure(out, alloc, TextFrames.MAX_HEADER + bytes.length);
                TextFrames.header(out, bytes.length);
                out.writeBytes(bytes);
                messages++;
                messageBytes += bytes.length;
                continue;
            }
            EventItem e = (EventItem) item;
            if (!e.owner().isActive()) {
                drop(item);
                continue;
            }
            int length = messageLength(e.owner(), e.event());
            out = ensure(out, alloc, TextFrames.MAX_HEADER + length);
            if (stream == null) {
                stream = new ByteBufOutputStream(out);
            }
            writeEvent(out, stream, e.owner(), e.event());
            messages++;
            messageBytes += length;
        }
        return out == null ? null : new WriteBatch(out, messages, messageBytes, stored, budgets);
    }

    /**
     * Writes the frames of {@code events[from, to)} into {@code out}, which has {@code room} writable bytes
     * for them: through one NIO view of that room, so that a page costs one buffer access check, not five per
     * event.
     */
    private void renderPage(ByteBuf out, int room, LiveSubscription owner, List<Event> events, int from, int to) {
        if (out.nioBufferCount() != 1) {
            ByteBufOutputStream stream = new ByteBufOutputStream(out);
            for (int i = from; i < to; i++) {
                writeEvent(out, stream, owner, events.get(i));
            }
            return;
        }
        ByteBuffer view = out.nioBuffer(out.writerIndex(), room).order(ByteOrder.BIG_ENDIAN);
        int start = view.position();
        pageSink.target = view;
        byte[] prefix = owner.eventPrefix();
        try {
            for (int i = from; i < to; i++) {
                Event event = events.get(i);
                TextFrames.header(view, prefix.length + event.jsonLength() + 1);
                view.put(prefix);
                event.writeJson(pageSink);
                view.put(EVENT_SUFFIX);
            }
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        } finally {
            pageSink.target = null;
        }
        out.writerIndex(out.writerIndex() + view.position() - start);
    }

    /** An output stream over the NIO view a page is rendered into; used on the event loop only. */
    private static final class ViewStream extends OutputStream {

        private @Nullable ByteBuffer target;

        @Override
        public void write(int b) {
            view().put((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            view().put(b, off, len);
        }

        private ByteBuffer view() {
            return Objects.requireNonNull(target, "written only while a page is rendered");
        }
    }

    /**
     * Writes the frame of {@code ["EVENT",<subscription id>,<event>]}, the event copied from its stored JSON
     * with no intermediate view or array, into {@code out}, which has room for it.
     */
    private static void writeEvent(ByteBuf out, ByteBufOutputStream stream, LiveSubscription owner, Event event) {
        byte[] prefix = owner.eventPrefix();
        TextFrames.header(out, prefix.length + event.jsonLength() + 1);
        out.writeBytes(prefix);
        try {
            event.writeJson(stream);
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        out.writeByte(EVENT_SUFFIX);
    }

    private static ByteBuf ensure(@Nullable ByteBuf out, ByteBufAllocator alloc, int bytes) {
        if (out == null) {
            return alloc.buffer(Math.max(bytes, 1024));
        }
        return out.ensureWritable(bytes);
    }
}
