package io.reactivestore.benchmarks.relay;

import io.reactivestore.event.Event;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Loopback load generator for the relay (issue 7). Starts the relay in this JVM with the example
 * server's configuration (see {@link BenchRelay}) on each requested store and measures, in order:
 * ingest, REQ mix, live fan-out, and heap for idle connections (the last on a fresh in-memory relay).
 * Events are signed before any timing; clients do not re-verify what they receive.
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am -DskipTests -Dexamples.exec.skip=true package exec:exec \
 *     -Dbench.main=io.reactivestore.benchmarks.relay.RelayLoadGenerator \
 *     -Djmh.args="--stores memory,h2"
 * </pre>
 *
 * <p>{@code -Dexamples.exec.skip=true} keeps {@code -am} from running the examples module's own
 * {@code exec:exec} (the relay server, which never returns).
 *
 * <p><b>Warm-up.</b> Each timed phase follows an untimed one of the same kind, sized so that the JIT has
 * compiled the relay's and the clients' paths before timing starts: with a tenth of the events as warm-up,
 * the C2 compiler still took about a third of a core during the timed ingest, and short runs measured the
 * compiler rather than the relay.
 *
 * <p>Options (all optional): {@code --stores memory,h2} (also {@code postgresql}, a server started here;
 * {@code h2+l1}: an in-memory L1 in front of
 * the H2 file; or the {@code ws://} URL of a relay already running, such as the example server, whose CPU
 * is then spent in its own process and not in the "relay" figure; see {@link BenchRelay}), {@code --events 100000} (timed ingest),
 * {@code --warmup-events 50000} (distinct events ingested first), {@code --connections 8}, {@code --window 64}
 * (publishes in flight per connection), {@code --reqs 30000}, {@code --warmup-reqs 20000},
 * {@code --req-window 8} (REQs in flight per connection),
 * {@code --subscribers 200}, {@code --fanout-events 500}, {@code --warmup-fanout-events 250},
 * {@code --fanout-interval-ms 20},
 * {@code --idle 5000}, {@code --skip ingest,req,fanout,idle}.
 */
public final class RelayLoadGenerator {

    private RelayLoadGenerator() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"); // the relay logs every connection
        }
        Map<String, String> opts = parse(args);
        List<String> stores = List.of(opts.getOrDefault("stores", "memory,h2").split(","));
        List<String> skip = List.of(opts.getOrDefault("skip", "").split(","));
        int events = intOpt(opts, "events", 100_000);
        int warmup = intOpt(opts, "warmup-events", 50_000);
        int connections = intOpt(opts, "connections", 8);
        int window = intOpt(opts, "window", 64);
        int reqs = intOpt(opts, "reqs", 30_000);
        int warmupReqs = intOpt(opts, "warmup-reqs", 20_000);
        int reqWindow = intOpt(opts, "req-window", 8);
        int subscribers = intOpt(opts, "subscribers", 200);
        int fanoutEvents = intOpt(opts, "fanout-events", 500);
        int warmupFanoutEvents = intOpt(opts, "warmup-fanout-events", 250);
        Duration fanoutInterval = Duration.ofMillis(intOpt(opts, "fanout-interval-ms", 20));
        int idle = intOpt(opts, "idle", 5000);

        System.out.printf(Locale.ROOT, "relay load generator: %d cores, max heap %d MiB, java %s%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.version"));
        System.out.printf(Locale.ROOT, "signing %d events ...%n", events + warmup);
        Workload workload = Workload.generate(events + warmup, 100, Long.toString(System.nanoTime()));
        List<Event> warmupEvents = workload.events.subList(0, warmup);
        List<Event> timedEvents = workload.events.subList(warmup, workload.events.size());

        for (String store : stores) {
            System.out.println();
            System.out.println("== store: " + store);
            try (BenchRelay relay = BenchRelay.start(store)) {
                if (!skip.contains("ingest")) {
                    IngestScenario.run(relay.url(), warmupEvents, connections, window);
                    IngestScenario.Result r = IngestScenario.run(relay.url(), timedEvents, connections, window);
                    System.out.printf(Locale.ROOT,
                            "ingest: %d events over %d connections, window %d: %.0f events/s (%.2f s), rejected %d%n",
                            r.events(), connections, window, r.eventsPerSecond(), r.seconds(), r.rejected());
                    System.out.println("  " + r.cpu().perOperation(r.events(), "event"));
                }
                if (!skip.contains("req") && !skip.contains("ingest")) {
                    QueryScenario.run(relay.url(), workload, warmupReqs, connections, reqWindow);
                    QueryScenario.Result r = QueryScenario.run(relay.url(), workload, reqs, connections, reqWindow);
                    System.out.printf(Locale.ROOT,
                            "req mix: %d REQs, window %d per connection: %.0f REQ/s, p50 %.2f ms, p99 %.2f ms, "
                                    + "%d events returned, %d wrong ids answers, %d refused%n",
                            r.requests(), reqWindow, r.requestsPerSecond(), r.latencies().percentileMillis(50),
                            r.latencies().percentileMillis(99), r.eventsReturned(), r.wrongIdAnswers(), r.refused());
                    StringBuilder byKind = new StringBuilder("  p50 / p99 ms by kind:");
                    for (int k = 0; k < QueryScenario.KINDS.size(); k++) {
                        Latencies l = r.byKind().get(k);
                        byKind.append(String.format(Locale.ROOT, " %s %.2f / %.2f;", QueryScenario.KINDS.get(k),
                                l.percentileMillis(50), l.percentileMillis(99)));
                    }
                    System.out.println(byKind);
                    System.out.println("  " + r.cpu().perOperation(r.requests(), "REQ"));
                }
                if (!skip.contains("fanout")) {
                    FanOutScenario.run(relay.url(), subscribers, warmupFanoutEvents, fanoutInterval);
                    FanOutScenario.Result r = FanOutScenario.run(relay.url(), subscribers, fanoutEvents, fanoutInterval);
                    System.out.printf(Locale.ROOT,
                            "fan-out: %d events every %d ms to %d subscribers: p50 %.2f ms, p99 %.2f ms, "
                                    + "delivered %d of %d, duplicates %d, rejected %d%n",
                            r.events(), fanoutInterval.toMillis(), r.subscribers(), r.latencies().percentileMillis(50),
                            r.latencies().percentileMillis(99), r.delivered(), r.expected(), r.duplicates(),
                            r.rejected());
                    System.out.println("  " + r.cpu().perOperation(r.delivered(), "delivery"));
                }
            }
        }
        if (!skip.contains("idle")) {
            System.out.println();
            try (BenchRelay relay = BenchRelay.start("memory")) {
                IdleConnectionsScenario.Result r = IdleConnectionsScenario.run(relay, idle);
                System.out.printf(Locale.ROOT,
                        "idle: %d connections: heap %.1f MiB -> %.1f MiB after GC, +%.1f MiB (relay and clients, one JVM)%n",
                        r.connections(), r.heapBeforeBytes() / 1048576.0, r.heapAfterBytes() / 1048576.0, r.deltaMiB());
            }
        }
        System.exit(0);
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
            System.out.println("options: --stores memory,h2 --events 100000 --warmup-events 50000 --connections 8"
                    + " --window 64 --reqs 30000 --warmup-reqs 20000 --req-window 8 --subscribers 200"
                    + " --fanout-events 500 --warmup-fanout-events 250 --fanout-interval-ms 20 --idle 5000"
                    + " --skip ingest,req,fanout,idle");
            System.exit(0);
        }
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
            }
            opts.put(args[i].substring(2), args[++i]);
        }
        return opts;
    }

    private static int intOpt(Map<String, String> opts, String name, int fallback) {
        String value = opts.get(name);
        return value == null ? fallback : Integer.parseInt(value);
    }
}
