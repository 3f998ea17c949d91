package io.reactivestore.benchmarks.relay;

import io.reactivestore.event.Filter;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * REQ throughput and latency (REQ sent to EOSE received) over a store filled by the ingest scenario,
 * a third each of: {@code {authors:[a], limit:50}}, {@code {kinds:[1], #t:[topic], limit:50}} and
 * {@code {ids:[10 stored ids]}}. Each REQ is closed after its EOSE. An ids REQ must return its 10 events.
 * A REQ the relay refuses ({@code CLOSED}) is counted, not retried; its latency is not recorded. The
 * clients are bare {@link LoadConnection}s, which count returned events without parsing them.
 */
final class QueryScenario {

    /** The three kinds of REQ of the mix, in the order {@link #filter} takes them. */
    static final List<String> KINDS = List.of("author", "kind+tag", "ids");

    /** {@code byKind}: the latencies of each of {@link #KINDS}, in that order. */
    record Result(int requests, double seconds, Latencies latencies, List<Latencies> byKind, long eventsReturned,
                  long wrongIdAnswers, long refused, CpuMeter cpu) {
        double requestsPerSecond() {
            return requests / seconds;
        }
    }

    private QueryScenario() {
    }

    static Result run(String url, Workload workload, int requests, int connections, int window) {
        List<LoadConnection> clients = Clients.openLoad(url, connections);
        try {
            List<Filter> mix = Objects.requireNonNull(Flux.range(0, requests).map(i -> filter(i, workload)).collectList()
                    .block(), "completed empty");
            Latencies latencies = new Latencies(requests);
            List<Latencies> byKind = KINDS.stream().map(k -> new Latencies(requests)).toList();
            AtomicLong returned = new AtomicLong();
            AtomicLong wrong = new AtomicLong();
            AtomicLong refused = new AtomicLong();
            CpuMeter cpu = CpuMeter.start();
            long start = System.nanoTime();
            Flux.range(0, requests)
                    .groupBy(i -> i % connections)
                    .flatMap(group -> group.flatMap(i -> timed(clients.get(group.key()), mix.get(i), latencies,
                                    byKind.get(i % KINDS.size()))
                            .onErrorResume(LoadConnection.Refused.class, e -> {
                                if (refused.getAndIncrement() == 0) {
                                    System.out.println("  first refusal: " + e.getMessage());
                                }
                                return Mono.empty();
                            })
                            .doOnNext(answer -> {
                                returned.addAndGet(answer.events());
                                if (mix.get(i).ids() != null && (answer.events() != 10 || !answer.allExpectedIds())) {
                                    wrong.incrementAndGet();
                                }
                            }), window), connections)
                    .then()
                    .block(Duration.ofMinutes(30));
            double seconds = (System.nanoTime() - start) / 1e9;
            cpu.stop();
            return new Result(requests, seconds, latencies, byKind, returned.get(), wrong.get(), refused.get(), cpu);
        } finally {
            Clients.closeAll(clients);
        }
    }

    private static Mono<LoadConnection.Answer> timed(LoadConnection client, Filter filter, Latencies latencies,
                                                     Latencies ofItsKind) {
        return Mono.defer(() -> {
            long t0 = System.nanoTime();
            return client.fetch(filter).doOnNext(a -> {
                long nanos = System.nanoTime() - t0;
                latencies.record(nanos);
                ofItsKind.record(nanos);
            });
        });
    }

    private static Filter filter(int i, Workload workload) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return switch (i % 3) {
            case 0 -> Filter.builder()
                    .authors(workload.authors.get(random.nextInt(workload.authors.size())).publicKey())
                    .limit(50).build();
            case 1 -> Filter.builder().kinds(1).tag("t", Workload.topic(random.nextInt(Workload.TOPICS)))
                    .limit(50).build();
            default -> Filter.builder().ids(random.ints(0, workload.events.size())
                    .distinct().limit(10).mapToObj(k -> workload.events.get(k).id()).toList()).build();
        };
    }

}
