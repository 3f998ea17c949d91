package io.reactivestore.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The metadata that spring-boot-configuration-processor generates, which IDEs complete properties from. */
class ConfigurationMetadataTest {

    @Test
    void everyPropertyIsListedWithADescriptionAndTheDocumentedDefaults() throws IOException {
        Map<String, JsonNode> properties = new HashMap<>();
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("generated metadata").isNotNull();
            JsonNode root = JsonMapper.builder().build().readTree(in);
            root.get("properties").forEach(p -> properties.put(p.get("name").asString(), p));
        }

        assertThat(properties).containsKeys("reactive-store.type", "reactive-store.directory",
                "reactive-store.postgresql.host", "reactive-store.postgresql.password", "reactive-store.memory.max-events",
                "reactive-store.relay.enabled", "reactive-store.relay.port", "reactive-store.relay.name",
                "reactive-store.relay.max-message-bytes", "reactive-store.relay.shutdown-timeout");
        properties.forEach((name, p) -> assertThat(p.path("description").asString()).as(name + " description")
                .isNotBlank());
        assertThat(properties.get("reactive-store.type").get("defaultValue").asString()).isEqualTo("embedded");
        assertThat(properties.get("reactive-store.directory").get("defaultValue").asString()).isEqualTo("data");
        assertThat(properties.get("reactive-store.relay.enabled").get("defaultValue").asBoolean()).isFalse();
        assertThat(properties.get("reactive-store.relay.port").get("defaultValue").asInt()).isEqualTo(7777);
    }
}
