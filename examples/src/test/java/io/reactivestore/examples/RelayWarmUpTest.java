package io.reactivestore.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RelayWarmUpTest {

    @Test
    void everyEventAndEveryRequestOfTheWarmUpIsAnswered() {
        RelayWarmUp.Result result = RelayWarmUp.run(30);

        assertThat(result.events()).isEqualTo(500);
        assertThat(result.requests()).isEqualTo(30);
    }

    @Test
    void zeroRequestsSkipTheWarmUp() {
        assertThat(RelayWarmUp.run(0)).isEqualTo(new RelayWarmUp.Result(0, 0, Duration.ZERO));
        assertThat(RelayServerSettings.parse(new String[] {"--warm-up-requests", "0"}, name -> null).warmUpRequests())
                .isZero();
        assertThat(RelayServerSettings.parse(new String[0], name -> null).warmUpRequests()).isEqualTo(3000);
    }
}
