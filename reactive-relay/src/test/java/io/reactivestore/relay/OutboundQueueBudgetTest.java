package io.reactivestore.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.reactivestore.event.RelayMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

/** The outbound queue cuts a reader by bytes as well as by messages, whichever budget is reached first. */
class OutboundQueueBudgetTest {

    private static List<String> texts(OutboundQueue queue) {
        return queue.frames(UnpooledByteBufAllocator.DEFAULT)
                .map(frame -> {
                    String text = ((TextWebSocketFrame) frame).text();
                    frame.release();
                    return text;
                })
                .collectList()
                .block(Duration.ofSeconds(10));
    }

    @Test
    void aReaderIsCutWhenItsPendingBytesExceedTheBudgetLongBeforeTheMessageCount() {
        AtomicInteger overflows = new AtomicInteger();
        OutboundQueue queue = new OutboundQueue(1000, 10_000, 128, Schedulers.immediate(), overflows::incrementAndGet);
        String kilobyte = "x".repeat(1000);
        int accepted = 0;
        for (int i = 0; i < 100; i++) {
            if (queue.offer(new RelayMessage.Notice(kilobyte))) {
                accepted++;
            }
        }

        assertThat(accepted).isBetween(8, 9);
        assertThat(overflows).hasValue(1);
        assertThat(queue.overflowed()).isTrue();
        List<String> written = texts(queue);
        assertThat(written).hasSize(accepted + 1);
        assertThat(written.get(accepted)).contains("too slowly").contains("10000 bytes");
    }

    @Test
    void bytesTakenByTheWriterAreFreedForLaterMessages() {
        AtomicInteger overflows = new AtomicInteger();
        OutboundQueue queue = new OutboundQueue(1000, 10_000, 128, Schedulers.immediate(), overflows::incrementAndGet);
        String kilobyte = "x".repeat(1000);
        List<String> written = new java.util.ArrayList<>();
        queue.frames(UnpooledByteBufAllocator.DEFAULT).subscribe(frame -> {
            written.add(((TextWebSocketFrame) frame).text());
            frame.release();
        });
        for (int i = 0; i < 100; i++) {
            assertThat(queue.offer(new RelayMessage.Notice(kilobyte))).isTrue();
        }
        assertThat(overflows).hasValue(0);
        assertThat(written).hasSize(100);
    }
}
