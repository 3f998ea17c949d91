package io.reactivestore.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RelayWarmUpTest {

    @Test
    void everyEventAndEveryRequestOfTheWarmUpIsAnswered() {
        // more than a public relay's per-address burst (100) and rate: the scratch relay must not refuse its
        // one loopback client
        RelayWarmUp.Result result = RelayWarmUp.run(300);

        assertThat(result.events()).isEqualTo(500);
        assertThat(result.requests()).isEqualTo(300);
    }

    @Test
    void theLmdbWarmUpIsAnsweredInFullAndLeavesNoScratchDirectory() throws java.io.IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Set<Path> before = scratchDirs(tmp);

        RelayWarmUp.Result result = RelayWarmUp.runOnLmdb(300);

        assertThat(result.events()).isEqualTo(500);
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
        assertThat(RelayWarmUp.runOnLmdb(0)).isEqualTo(new RelayWarmUp.Result(0, 0, Duration.ZERO));
        assertThat(RelayWarmUp.run(0)).isEqualTo(new RelayWarmUp.Result(0, 0, Duration.ZERO));
        assertThat(RelayServerSettings.parse(new String[] {"--warm-up-requests", "0"}, name -> null).warmUpRequests())
                .isZero();
        assertThat(RelayServerSettings.parse(new String[0], name -> null).warmUpRequests()).isEqualTo(3000);
    }
}
