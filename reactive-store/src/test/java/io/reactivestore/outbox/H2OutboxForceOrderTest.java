package io.reactivestore.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.Connection;
import io.reactivestore.internal.sql.SqlDatabase;
import io.reactivestore.testing.ForceTrace;
import io.reactivestore.testing.TracedH2FileSystem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The H2 file outbox acknowledges a stored event, a mark and a kv write only after an fsync covering it. */
class H2OutboxForceOrderTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedWriteWasForcedToTheDevice() {
        ForceTrace trace = new ForceTrace();
        TracedH2FileSystem.use(trace);
        OutboxStore<Connection> outbox = SqlOutbox.open(SqlDatabase.h2File(TracedH2FileSystem.PREFIX, dir, "outbox",
                SqlOutbox.CONNECTIONS), OutboxConfig.builder().eventTypes("vote").build()).block(TIMEOUT);
        try {
            trace.clear();
            for (int i = 0; i < 10; i++) {
                StoreResult stored = outbox.store(("vote " + i).getBytes(StandardCharsets.UTF_8), "vote")
                        .doOnNext(r -> trace.record("ack store")).block(TIMEOUT);
                outbox.markBroadcasted(List.of(stored.id())).then().doOnSuccess(v -> trace.record("ack mark"))
                        .block(TIMEOUT);
            }
            assertThat(trace.count(e -> e.startsWith("ack"))).isEqualTo(20);
            assertThat(trace.count(e -> e.startsWith("write outbox.mv.db"))).isPositive();
            assertThat(trace.unforcedAcks()).isEmpty();
        } finally {
            outbox.close().block(TIMEOUT);
        }
    }
}
