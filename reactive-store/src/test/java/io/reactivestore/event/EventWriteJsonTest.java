package io.reactivestore.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventWriteJsonTest {

    @Test
    void writeJsonHandsOverExactlyTheStoredBytes() throws IOException {
        String json = "{\"id\":\"" + "1".repeat(64) + "\",\"pubkey\":\"" + "2".repeat(64)
                + "\",\"created_at\":1,\"kind\":1,\"tags\":[],\"content\":\"h\\u00e9llo\",\"sig\":\"" + "3".repeat(128)
                + "\",\"extra\":true}";
        Event event = NostrJson.parseStoredEvent(json.getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        event.writeJson(out);

        assertThat(out.toByteArray()).isEqualTo(event.jsonBytes()).isEqualTo(json.getBytes(StandardCharsets.UTF_8));
    }
}
