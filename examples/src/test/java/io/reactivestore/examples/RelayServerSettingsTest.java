package io.reactivestore.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.reactivestore.relay.RelayOptions;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RelayServerSettingsTest {

    @Test
    void defaultsServeLoopbackOnPort7777FromTheDataDirectory() {
        RelayServerSettings settings = RelayServerSettings.parse(new String[0], name -> null);
        RelayOptions options = settings.relayOptions().build();

        assertThat(options.port()).isEqualTo(7777);
        assertThat(options.host()).isEqualTo("127.0.0.1");
        assertThat(settings.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(settings.inMemory()).isFalse();
        assertThat(settings.postgresUrl()).isEmpty();
    }

    @Test
    void flagsWinOverEnvironmentWhichWinsOverDefaults() {
        Map<String, String> env = Map.of("RELAY_PORT", "8000", "RELAY_NAME", "from env", "RELAY_MAX_LIMIT", "50");
        RelayServerSettings settings = RelayServerSettings.parse(
                new String[] {"--port", "9000", "--in-memory", "--max-subscriptions=5"}, env::get);
        RelayOptions options = settings.relayOptions().build();

        assertThat(options.port()).isEqualTo(9000);
        assertThat(options.name()).isEqualTo("from env");
        assertThat(options.maxLimit()).isEqualTo(50);
        assertThat(options.maxSubscriptions()).isEqualTo(5);
        assertThat(settings.inMemory()).isTrue();
    }

    @Test
    void unknownFlagsAndBadNumbersAreRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RelayServerSettings.parse(new String[] {"--nope"}, name -> null))
                .withMessageContaining("unknown option --nope");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RelayServerSettings.parse(new String[] {"--port", "x"}, name -> null).relayOptions())
                .withMessageContaining("--port");
    }

    @Test
    void postgresUrlsAreParsed() {
        PostgresUrl url = PostgresUrl.parse("r2dbc:postgresql://relay:s%40cret@db.example:5433/nostr");

        assertThat(url).isEqualTo(new PostgresUrl("db.example", 5433, "nostr", "relay", "s@cret"));
        assertThat(url.toString()).doesNotContain("s@cret");
        assertThat(PostgresUrl.parse("postgresql://db/nostr").port()).isEqualTo(5432);
        assertThatIllegalArgumentException().isThrownBy(() -> PostgresUrl.parse("mysql://db/nostr"));
    }
}
