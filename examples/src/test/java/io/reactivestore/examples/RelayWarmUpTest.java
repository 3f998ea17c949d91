package io.reactivestore.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RelayWarmUpTest {

    private static final Duration BUDGET = Duration.ofMinutes(2);

    @Test
    void everyEventEveryLiveDeliveryAndEveryRequestIsAnsweredAndEachBlockMeasured() {
        // more than a public relay's per-address burst (100) and rate: the scratch relay must not refuse its
        // one loopback client
        RelayWarmUp.Result result = RelayWarmUp.run(RelayWarmUp.BLOCK + 10, BUDGET);

        assertThat(result.events()).isEqualTo(RelayWarmUp.EVENTS);
        assertThat(result.delivered()).isEqualTo((long) RelayWarmUp.EVENTS * RelayWarmUp.LISTENERS);
        assertThat(result.requests()).isEqualTo(RelayWarmUp.BLOCK + 10);
        assertThat(result.cpuMicrosPerRequest()).hasSize(2).allMatch(micros -> micros > 0);
    }

    @Test
    void pastTheBudgetOnlyTheMinimumIsSent() {
        // the events alone take longer than a millisecond: only the blocks every warm-up sends
        RelayWarmUp.Result result = RelayWarmUp.run(RelayWarmUp.MIN_REQUESTS + 2 * RelayWarmUp.BLOCK,
                Duration.ofMillis(1));

        assertThat(result.events()).isEqualTo(RelayWarmUp.EVENTS);
        assertThat(result.requests()).isEqualTo(RelayWarmUp.MIN_REQUESTS);
    }

    @Test
    void theLmdbWarmUpIsAnsweredInFullAndLeavesNoScratchDirectory() throws java.io.IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Set<Path> before = scratchDirs(tmp);

        RelayWarmUp.Result result = RelayWarmUp.runOnLmdb(300, BUDGET);

        assertThat(result.events()).isEqualTo(RelayWarmUp.EVENTS);
        assertThat(result.requests()).isEqualTo(300);
        assertThat(scratchDirs(tmp)).isSubsetOf(before);
    }

    private static Set<Path> scratchDirs(Path tmp) throws java.io.IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.filter(p -> p.getFileName().toString().startsWith("relay-warm-up-")).collect(Collectors.toSet());
        }
    }

    @Test
    void zeroRequestsSkipTheWarmUp() {
        assertThat(RelayWarmUp.runOnLmdb(0, BUDGET)).isEqualTo(RelayWarmUp.Result.NONE);
        assertThat(RelayWarmUp.run(0, BUDGET)).isEqualTo(RelayWarmUp.Result.NONE);
        assertThat(RelayServerSettings.parse(new String[] {"--warm-up-requests", "0"}, name -> null).warmUpRequests())
                .isZero();
        RelayServerSettings defaults = RelayServerSettings.parse(new String[0], name -> null);
        assertThat(defaults.warmUpRequests()).isEqualTo(50000);
        assertThat(defaults.warmUpBudget()).isEqualTo(Duration.ofSeconds(10));
        assertThatThrownBy(() -> RelayServerSettings.parse(new String[] {"--warm-up-seconds", "0"}, name -> null)
                .warmUpBudget()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--warm-up-seconds");
    }
}
