package io.reactivestore.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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
    void zeroRequestsSkipTheWarmUp() {
        assertThat(RelayWarmUp.run(0)).isEqualTo(new RelayWarmUp.Result(0, 0, Duration.ZERO));
        assertThat(RelayServerSettings.parse(new String[] {"--warm-up-requests", "0"}, name -> null).warmUpRequests())
                .isZero();
        assertThat(RelayServerSettings.parse(new String[0], name -> null).warmUpRequests()).isEqualTo(3000);
    }
}
