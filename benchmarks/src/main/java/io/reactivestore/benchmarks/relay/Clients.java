package io.reactivestore.benchmarks.relay;

import io.reactivestore.relay.client.RelayClient;
import io.reactivestore.relay.client.RelayClientOptions;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import reactor.core.publisher.Flux;

/** Opens benchmark clients: signatures of received events are not re-checked (the relay's cost is measured, not the client's). */
final class Clients {

    private Clients() {
    }

    static RelayClient open(String url) {
        return RelayClient.create(RelayClientOptions.builder(url)
                .verifySignatures(false)
                .requestTimeout(Duration.ofSeconds(60))
                .build());
    }

    /** {@code n} connected clients, connecting at most 64 at a time. */
    static List<RelayClient> openConnected(String url, int n) {
        List<RelayClient> clients = IntStream.range(0, n).mapToObj(i -> open(url)).toList();
        Flux.fromIterable(clients).flatMap(RelayClient::connect, 64).then().block(Duration.ofMinutes(5));
        return clients;
    }

    /** Closes every client, at most 64 at a time. */
    static void closeClients(List<RelayClient> clients) {
        Flux.fromIterable(clients).flatMap(RelayClient::close, 64).then().block(Duration.ofMinutes(5));
    }

    static void closeAll(List<? extends AutoCloseable> clients) {
        for (AutoCloseable c : clients) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** {@code n} bare load connections (see {@link LoadConnection}), connecting at most 64 at a time. */
    static List<LoadConnection> openLoad(String url, int n) {
        return Objects.requireNonNull(Flux.range(0, n).flatMapSequential(i -> LoadConnection.connect(url), 64).collectList()
                .block(Duration.ofMinutes(5)), "completed empty");
    }
}
