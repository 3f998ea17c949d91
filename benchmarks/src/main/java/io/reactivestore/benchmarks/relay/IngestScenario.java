package io.reactivestore.benchmarks.relay;

import io.reactivestore.event.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;

/**
 * Ingest: pre-signed events published over {@code connections} connections, each with at most
 * {@code window} publishes awaiting their {@code OK}; the relay verifies every signature and answers
 * {@code OK} after the store saved the event. Every answer must be accepted. The clients are bare
 * {@link LoadConnection}s: frames serialized before they are sent, answers read only for the id.
 */
final class IngestScenario {

    record Result(int events, double seconds, long rejected, CpuMeter cpu) {
        double eventsPerSecond() {
            return events / seconds;
        }
    }

    private IngestScenario() {
    }

    static Result run(String url, List<Event> events, int connections, int window) {
        List<LoadConnection> clients = Clients.openLoad(url, connections);
        try {
            List<List<LoadConnection.Publication>> slices = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                slices.add(new ArrayList<>());
            }
            for (int i = 0; i < events.size(); i++) { // frames are serialized before timing, like the signing
                slices.get(i % connections).add(LoadConnection.Publication.of(events.get(i)));
            }
            AtomicLong rejected = new AtomicLong();
            CpuMeter cpu = CpuMeter.start();
            long start = System.nanoTime();
            Flux.range(0, connections)
                    .flatMap(c -> Flux.fromIterable(slices.get(c))
                            .flatMap(e -> clients.get(c).publish(e), window)
                            .doOnNext(ok -> countRejection(ok, rejected)), connections)
                    .then()
                    .block(Duration.ofMinutes(30));
            double seconds = (System.nanoTime() - start) / 1e9;
            cpu.stop();
            return new Result(events.size(), seconds, rejected.get(), cpu);
        } finally {
            Clients.closeAll(clients);
        }
    }

    private static void countRejection(String refusal, AtomicLong rejected) {
        if (!refusal.isEmpty() && rejected.getAndIncrement() == 0) {
            System.out.println("  first rejection: " + refusal);
        }
    }
}
