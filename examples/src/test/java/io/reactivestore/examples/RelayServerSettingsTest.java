package io.reactivestore.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.reactivestore.relay.server.RelayOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
    void retentionFlagsAndEnvironmentBuildThePolicyAndNoneIsTheDefault() {
        assertThat(RelayServerSettings.parse(new String[0], name -> null).retentionPolicy().hasRules()).isFalse();
        RelayServerSettings settings = RelayServerSettings.parse(new String[] {"--retention-max-age", "90d",
                "--retention-kinds", "7:12h, 1059:30m"}, Map.of("RELAY_RETENTION_MAX_BYTES", "1000000",
                "RELAY_RETENTION_INTERVAL", "45")::get);
        var policy = settings.retentionPolicy();
        assertThat(policy.maxAge()).isEqualTo(Duration.ofDays(90));
        assertThat(policy.kindMaxAge()).isEqualTo(Map.of(7, Duration.ofHours(12), 1059, Duration.ofMinutes(30)));
        assertThat(policy.maxBytes()).isEqualTo(1_000_000L);
        assertThat(policy.interval()).isEqualTo(Duration.ofSeconds(45));
        assertThatIllegalArgumentException().isThrownBy(() -> RelayServerSettings.parse(
                new String[] {"--retention-kinds", "seven:1d"}, name -> null).retentionPolicy());
        assertThatIllegalArgumentException().isThrownBy(() -> RelayServerSettings.parse(
                new String[] {"--retention-max-age", "soon"}, name -> null).retentionPolicy());
    }

    @Test
    void compactIsABareFlagThatLeavesTheNextOptionAlone() {
        assertThat(RelayServerSettings.parse(new String[0], name -> null).compact()).isFalse();
        RelayServerSettings settings = RelayServerSettings.parse(new String[] {"--compact", "--data-dir", "x"},
                name -> null);
        assertThat(settings.compact()).isTrue();
        assertThat(settings.dataDir()).isEqualTo(Path.of("x"));
    }

    @Test
    void authCanBeRequiredForReadsWritesOrBoth() {
        RelayOptions none = RelayServerSettings.parse(new String[0], name -> null).relayOptions().build();
        RelayOptions reads = RelayServerSettings.parse(new String[] {"--auth-required", "reads"}, name -> null)
                .relayOptions().build();
        RelayOptions writes = RelayServerSettings.parse(new String[0], Map.of("RELAY_AUTH_REQUIRED", "writes")::get)
                .relayOptions().build();
        RelayOptions bare = RelayServerSettings.parse(new String[] {"--auth-required"}, name -> null)
                .relayOptions().build();

        assertThat(List.of(none.authRequiredForReads(), none.authRequiredForWrites())).containsExactly(false, false);
        assertThat(List.of(reads.authRequiredForReads(), reads.authRequiredForWrites())).containsExactly(true, false);
        assertThat(List.of(writes.authRequiredForReads(), writes.authRequiredForWrites())).containsExactly(false, true);
        assertThat(List.of(bare.authRequiredForReads(), bare.authRequiredForWrites())).containsExactly(true, true);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RelayServerSettings.parse(new String[] {"--auth-required=sometimes"}, name -> null)
                        .relayOptions())
                .withMessageContaining("none, reads, writes or all");
    }

    @Test
    void createdAtWindowAndSlowReaderSettingsReachTheRelayOptions() {
        RelayOptions defaults = RelayServerSettings.parse(new String[0], name -> null).relayOptions().build();
        RelayOptions set = RelayServerSettings.parse(new String[] {"--created-at-past-seconds", "86400",
                "--created-at-future-seconds", "60", "--max-outbound-messages", "200", "--slow-reader-grace-ms", "500"},
                name -> null).relayOptions().build();

        assertThat(defaults.createdAtPast()).isNull();
        assertThat(defaults.createdAtFuture()).isEqualTo(Duration.ofMinutes(15));
        assertThat(set.createdAtPast()).isEqualTo(Duration.ofDays(1));
        assertThat(set.createdAtFuture()).isEqualTo(Duration.ofSeconds(60));
        assertThat(set.maxOutboundMessages()).isEqualTo(200);
        assertThat(set.slowReaderGrace()).isEqualTo(Duration.ofMillis(500));
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

    @Test
    void clientBudgetsHavePublicDefaultsAndReachTheRelayOptions() {
        RelayOptions defaults = RelayServerSettings.parse(new String[0], name -> null).relayOptions().build();
        RelayOptions set = RelayServerSettings.parse(new String[] {"--max-connections-per-ip", "7",
                "--max-subscriptions-per-ip", "9", "--trusted-proxies", "10.0.0.1, fd00::/8",
                "--handshake-timeout-ms", "2500", "--ping-interval-seconds", "0", "--idle-timeout-seconds", "300",
                "--max-outbound-bytes", "1048576", "--max-live-backlog", "50", "--rate-burst", "10"},
                Map.of("RELAY_EVENTS_PER_SECOND_PER_IP", "3")::get).relayOptions().build();

        assertThat(defaults.maxConnectionsPerAddress()).isEqualTo(100);
        assertThat(defaults.maxSubscriptionsPerAddress()).isEqualTo(500);
        assertThat(defaults.eventsPerSecondPerIp()).isEqualTo(20);
        assertThat(defaults.requestsPerSecondPerIp()).isEqualTo(50);
        assertThat(defaults.handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.pingInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.idleTimeout()).isEqualTo(Duration.ZERO);
        assertThat(defaults.trustedProxies()).isEmpty();
        assertThat(set.maxConnectionsPerAddress()).isEqualTo(7);
        assertThat(set.maxSubscriptionsPerAddress()).isEqualTo(9);
        assertThat(set.trustedProxies()).containsExactly("10.0.0.1", "fd00::/8");
        assertThat(set.handshakeTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(set.pingInterval()).isEqualTo(Duration.ZERO);
        assertThat(set.idleTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(set.maxOutboundBytes()).isEqualTo(1 << 20);
        assertThat(set.maxLiveBacklog()).isEqualTo(50);
        assertThat(set.rateBurst()).isEqualTo(10);
        assertThat(set.eventsPerSecondPerIp()).isEqualTo(3);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RelayServerSettings.parse(new String[] {"--trusted-proxies", "proxy.example"},
                        name -> null).relayOptions().build())
                .withMessageContaining("trustedProxy");
    }
}
