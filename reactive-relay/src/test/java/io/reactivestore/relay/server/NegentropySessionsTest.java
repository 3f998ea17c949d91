package io.reactivestore.relay.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.reactivestore.negentropy.Negentropy;
import io.reactivestore.store.memory.MemoryEventStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The idle timeout and the relay-wide cap of {@link NegentropySessions} in virtual time: the sessions of one
 * connection over an {@link OutboundQueue} on an embedded channel, reconciling on the test thread, with the
 * idle timers on a {@link VirtualTimeScheduler}.
 */
class NegentropySessionsTest {

    private static final Duration IDLE = Duration.ofSeconds(30);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final List<String> written = new ArrayList<>();
    private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    private final RelayCore core = new RelayCore(MemoryEventStore.create(), RelayOptions.builder()
            .negentropyIdleTimeout(IDLE).maxNegentropySessionsTotal(2).build());
    private final String empty = HexFormat.of().formatHex(new Negentropy(NegentropyFixtures.storage(List.of()), 0).initiate());

    @AfterEach
    void tearDown() {
        time.dispose();
        channel.finishAndReleaseAll();
    }

    private NegentropySessions connection() {
        OutboundQueue queue = new OutboundQueue(100, Long.MAX_VALUE, StoredDelivery.WINDOW, channel.eventLoop(), () -> { });
        queue.frames(ByteBufAllocator.DEFAULT).subscribe(buf -> {
            written.addAll(decode(buf));
            buf.release();
        });
        return new NegentropySessions(core, queue, 1, filters -> Optional.empty(), Schedulers.immediate(), time);
    }

    private void send(NegentropySessions sessions, String json) {
        StepVerifier.create(sessions.handle(json.getBytes(StandardCharsets.UTF_8))).expectComplete().verify(WAIT);
    }

    /** The messages written since the last call. */
    private List<String> drain() {
        channel.runPendingTasks();
        List<String> out = List.copyOf(written);
        written.clear();
        return out;
    }

    @Test
    void anIdleSessionIsClosedWithAClosedReasonOneTimeoutAfterTheRelaysLastAnswer() {
        NegentropySessions sessions = connection();
        send(sessions, "[\"NEG-OPEN\",\"s\",{},\"" + empty + "\"]");
        assertThat(drain()).singleElement().asString().startsWith("[\"NEG-MSG\",\"s\"");

        time.advanceTimeBy(IDLE.minusMillis(1));
        assertThat(drain()).isEmpty();
        send(sessions, "[\"NEG-MSG\",\"s\",\"" + empty + "\"]");
        assertThat(drain()).singleElement().asString().startsWith("[\"NEG-MSG\",\"s\"");

        // the message restarted the clock: the first answer's timer no longer counts
        time.advanceTimeBy(IDLE.minusMillis(1));
        assertThat(drain()).isEmpty();
        assertThat(sessions.size()).isEqualTo(1);

        time.advanceTimeBy(Duration.ofMillis(1));
        assertThat(drain()).singleElement().asString().startsWith("[\"NEG-ERR\",\"s\",\"closed: ");
        assertThat(sessions.size()).isZero();
        assertThat(core.negentropyBudget.open()).as("its place is given back").isZero();

        send(sessions, "[\"NEG-MSG\",\"s\",\"" + empty + "\"]");
        assertThat(drain()).singleElement().asString().startsWith("[\"NEG-ERR\",\"s\",\"closed: ");
    }

    @Test
    void aClosedSessionsTimerDoesNothing() {
        NegentropySessions sessions = connection();
        send(sessions, "[\"NEG-OPEN\",\"s\",{},\"" + empty + "\"]");
        send(sessions, "[\"NEG-CLOSE\",\"s\"]");
        drain();

        time.advanceTimeBy(IDLE.multipliedBy(2));

        assertThat(drain()).isEmpty();
        assertThat(core.negentropyBudget.open()).isZero();
    }

    @Test
    void theRelayWideCapRefusesWithBlockedUntilASessionAnywhereEnds() {
        NegentropySessions first = connection();
        NegentropySessions second = connection();
        send(first, "[\"NEG-OPEN\",\"a\",{},\"" + empty + "\"]");
        send(second, "[\"NEG-OPEN\",\"b\",{},\"" + empty + "\"]");
        assertThat(drain()).hasSize(2).allMatch(m -> m.startsWith("[\"NEG-MSG\""));

        send(second, "[\"NEG-OPEN\",\"c\",{},\"" + empty + "\"]");
        assertThat(drain()).singleElement().asString()
                .startsWith("[\"NEG-ERR\",\"c\",\"blocked: ").contains("on this relay");
        assertThat(core.negentropyBudget.open()).isEqualTo(2);

        first.closeAll(); // the first connection goes away
        send(second, "[\"NEG-OPEN\",\"c\",{},\"" + empty + "\"]");
        assertThat(drain()).singleElement().asString().startsWith("[\"NEG-MSG\",\"c\"");

        time.advanceTimeBy(IDLE);
        assertThat(drain()).hasSize(2).allMatch(m -> m.startsWith("[\"NEG-ERR\"") && m.contains("closed: "));
        assertThat(core.negentropyBudget.open()).isZero();
    }

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
