package io.reactivestore.relay.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import io.reactivestore.relay.message.MessageJson;
import io.reactivestore.relay.message.RelayMessage;
import io.reactivestore.store.memory.MemoryEventStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The outbound queue on an embedded event loop, whose tasks run only when the test says so: what is
 * queued before the writer runs leaves in one buffer of whole WebSocket frames, and budgets come back
 * when that buffer is released (the kernel took it), not when it is rendered.
 */
class OutboundQueueTest {

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final List<ByteBuf> written = new ArrayList<>();
    private final AtomicInteger overflows = new AtomicInteger();

    @AfterEach
    void releaseEverything() {
        // a released pooled buffer may already serve another allocation: only the unreleased ones are ours
        for (ByteBuf buf : written) {
            if (buf != null) {
                buf.release();
            }
        }
        channel.finishAndReleaseAll();
    }

    private OutboundQueue queue(int capacity) {
        return queue(capacity, Long.MAX_VALUE);
    }

    private OutboundQueue queue(int capacity, long maxBytes) {
        return new OutboundQueue(capacity, maxBytes, StoredDelivery.WINDOW, channel.eventLoop(),
                overflows::incrementAndGet);
    }

    /** Releases written buffer {@code index}, as Netty does once the kernel took its bytes. */
    private void release(int index) {
        written.set(index, null).release();
    }

    private void startWriting(OutboundQueue queue) {
        queue.frames(ByteBufAllocator.DEFAULT).subscribe(written::add);
    }

    @Test
    void messagesQueuedBeforeTheWriterRunsLeaveInOneBufferOfWholeFrames() {
        OutboundQueue queue = queue(10);
        List<RelayMessage> messages = List.of(new RelayMessage.Notice("one"), new RelayMessage.Notice("two"),
                new RelayMessage.Ok("a".repeat(64), true, ""));
        messages.forEach(queue::offer);
        startWriting(queue);
        assertThat(written).isEmpty();

        channel.runPendingTasks();

        assertThat(written).hasSize(1);
        assertThat(decode(written.get(0))).containsExactlyElementsOf(messages.stream().map(OutboundQueueTest::wire).toList());
    }

    @Test
    void theMessageBudgetCoversRenderedMessagesUntilTheirBufferIsReleased() {
        OutboundQueue queue = queue(2);
        startWriting(queue);
        assertThat(queue.offer(new RelayMessage.Notice("one"))).isTrue();
        assertThat(queue.offer(new RelayMessage.Notice("two"))).isTrue();
        channel.runPendingTasks();
        assertThat(written).hasSize(1);

        release(0);

        assertThat(queue.offer(new RelayMessage.Notice("three"))).isTrue();
        assertThat(queue.offer(new RelayMessage.Notice("four"))).isTrue();
        channel.runPendingTasks();
        assertThat(overflows).hasValue(0);

        assertThat(queue.offer(new RelayMessage.Notice("five"))).as("two rendered, none released").isFalse();
        assertThat(overflows).hasValue(1);
    }

    @Test
    void storedCreditsComeBackWhenTheBatchOfStoredEventsIsReleased() {
        RelayConnection connection = new RelayConnection(new RelayCore(MemoryEventStore.create(), RelayOptions.defaults()),
                null, channel.eventLoop(), null, new RefusalLog(), overflows::incrementAndGet);
        OutboundQueue queue = connection.outbound();
        LiveSubscription subscription = new LiveSubscription(connection, "sub", List.of(Filter.builder().build()), 10, 0);
        KeyPair keys = KeyPair.generate();
        List<Event> events = List.of(RelayHarness.note(keys, "a"), RelayHarness.note(keys, "b"), RelayHarness.note(keys, "c"));
        assertThat(queue.acquireStoredCredits(StoredDelivery.WINDOW)).isTrue();
        queue.releaseStoredCredits(StoredDelivery.WINDOW - events.size());
        assertThat(queue.offerStored(subscription, events)).isTrue();
        startWriting(queue);
        channel.runPendingTasks();

        assertThat(written).hasSize(1);
        assertThat(decode(written.get(0))).containsExactlyElementsOf(events.stream()
                .map(event -> wire(new RelayMessage.EventMessage("sub", event))).toList());
        assertThat(queue.acquireStoredCredits(StoredDelivery.WINDOW - events.size() + 1))
                .as("written, not yet taken by the kernel").isFalse();

        release(0);

        assertThat(queue.acquireStoredCredits(StoredDelivery.WINDOW)).isTrue();
    }

    @Test
    void aPageLargerThanOneBatchIsWrittenOverSeveralBatchesInOrderAndEveryCreditComesBack() {
        RelayConnection connection = new RelayConnection(new RelayCore(MemoryEventStore.create(), RelayOptions.defaults()),
                null, channel.eventLoop(), null, new RefusalLog(), overflows::incrementAndGet);
        OutboundQueue queue = connection.outbound();
        LiveSubscription subscription = new LiveSubscription(connection, "big", List.of(Filter.builder().build()), 10, 0);
        KeyPair keys = KeyPair.generate();
        List<Event> page = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            page.add(RelayHarness.note(keys, i + "x".repeat(20_000)));
        }
        assertThat(queue.acquireStoredCredits(StoredDelivery.WINDOW)).isTrue();
        queue.releaseStoredCredits(StoredDelivery.WINDOW - page.size());
        assertThat(queue.offerStored(subscription, page)).isTrue();
        startWriting(queue);
        channel.runPendingTasks();

        assertThat(written).as("160 KB: a batch takes no message once it holds 64 KB").hasSize(2);
        assertThat(written.stream().flatMap(buf -> decode(buf).stream()).toList()).containsExactlyElementsOf(
                page.stream().map(event -> wire(new RelayMessage.EventMessage("big", event))).toList());
        for (int i = 0; i < written.size(); i++) {
            release(i);
        }
        assertThat(queue.acquireStoredCredits(StoredDelivery.WINDOW)).isTrue();
    }

    @Test
    void aPageOfASubscriptionThatEndedIsNotWrittenAndItsCreditsComeBack() {
        RelayConnection connection = new RelayConnection(new RelayCore(MemoryEventStore.create(), RelayOptions.defaults()),
                null, channel.eventLoop(), null, new RefusalLog(), overflows::incrementAndGet);
        OutboundQueue queue = connection.outbound();
        LiveSubscription subscription = new LiveSubscription(connection, "gone", List.of(Filter.builder().build()), 10, 0);
        KeyPair keys = KeyPair.generate();
        assertThat(queue.acquireStoredCredits(StoredDelivery.WINDOW)).isTrue();
        queue.releaseStoredCredits(StoredDelivery.WINDOW - 2);
        assertThat(queue.offerStored(subscription, List.of(RelayHarness.note(keys, "a"), RelayHarness.note(keys, "b"))))
                .isTrue();
        subscription.deactivate();
        startWriting(queue);
        channel.runPendingTasks();

        assertThat(written).isEmpty();
        assertThat(queue.acquireStoredCredits(StoredDelivery.WINDOW)).isTrue();
    }

    @Test
    void aReaderIsCutWhenItsPendingBytesExceedTheBudgetLongBeforeTheMessageCount() {
        OutboundQueue queue = queue(1000, 10_000);
        String kilobyte = "x".repeat(1000);
        int accepted = 0;
        for (int i = 0; i < 100; i++) {
            if (queue.offer(new RelayMessage.Notice(kilobyte))) {
                accepted++;
            }
        }
        startWriting(queue);
        channel.runPendingTasks();

        assertThat(accepted).isBetween(8, 9);
        assertThat(overflows).hasValue(1);
        assertThat(queue.overflowed()).isTrue();
        List<String> texts = written.stream().flatMap(buf -> decode(buf).stream()).toList();
        assertThat(texts).hasSize(accepted + 1);
        assertThat(texts.get(accepted)).contains("too slowly").contains("10000 bytes");
    }

    @Test
    void bytesComeBackWhenTheirBufferIsReleased() {
        OutboundQueue queue = queue(1000, 10_000);
        String kilobyte = "x".repeat(1000);
        startWriting(queue);
        for (int i = 0; i < 100; i++) {
            assertThat(queue.offer(new RelayMessage.Notice(kilobyte))).as("notice %d", i).isTrue();
            channel.runPendingTasks();
            release(written.size() - 1);
        }
        assertThat(overflows).hasValue(0);
        assertThat(written).hasSize(100);
    }

    @Test
    void frameHeadersCarryEveryLengthClass() {
        for (int length : new int[] {0, 125, 126, 65_535, 65_536, 200_000}) {
            byte[] payload = "x".repeat(length).getBytes(StandardCharsets.UTF_8);
            ByteBuf frame = Unpooled.buffer();
            TextFrames.header(frame, length);
            frame.writeBytes(payload);
            assertThat(decode(frame)).as("payload of %d bytes", length).containsExactly("x".repeat(length));
            frame.release();
        }
    }

    @Test
    void aCompletedQueueCompletesTheWriterAfterWhatItHolds() {
        OutboundQueue queue = queue(10);
        List<String> texts = new ArrayList<>();
        AtomicInteger completions = new AtomicInteger();
        queue.offer(new RelayMessage.Notice("last words"));
        queue.complete();
        assertThat(queue.offer(new RelayMessage.Notice("too late"))).isFalse();
        queue.frames(ByteBufAllocator.DEFAULT).subscribe(buf -> {
            texts.addAll(decode(buf));
            buf.release();
        }, error -> { }, completions::incrementAndGet);

        channel.runPendingTasks();

        assertThat(texts).containsExactly(wire(new RelayMessage.Notice("last words")));
        assertThat(completions).hasValue(1);
    }

    private static String wire(RelayMessage message) {
        return new String(MessageJson.write(message), StandardCharsets.UTF_8);
    }

    /** The text frames in {@code frames}, decoded by Netty's own client-side decoder; leaves it untouched. */
    private static List<String> decode(ByteBuf frames) {
        EmbeddedChannel decoder = new EmbeddedChannel(new WebSocket08FrameDecoder(false, false, 1 << 20));
        decoder.writeInbound(Unpooled.copiedBuffer(frames));
        List<String> texts = new ArrayList<>();
        TextWebSocketFrame frame;
        while ((frame = decoder.readInbound()) != null) {
            texts.add(frame.text());
            frame.release();
        }
        decoder.finishAndReleaseAll();
        return texts;
    }
}
