package io.reactivestore.benchmarks.negentropy;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.negentropy.Negentropy;
import io.reactivestore.negentropy.NegentropyStorage;
import io.reactivestore.relay.client.NegentropyRound;
import io.reactivestore.relay.client.RelayClient;
import io.reactivestore.relay.server.NostrRelay;
import io.reactivestore.relay.server.RelayOptions;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.memory.MemoryEventStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import reactor.core.publisher.Flux;

/**
 * NIP-77 reconciliation time and bytes for N events a side with a given fraction differing (each side holds
 * {@code N - d} shared events plus {@code d} of its own): once in memory (the protocol alone) and once over
 * loopback (this project's client against its relay on a memory store: the relay collects its records from
 * the store on {@code NEG-OPEN}, the client's records are collected from a local memory store first). Each
 * phase prints its wall time and the CPU time of the whole process (client and relay share it): on a machine
 * shared with other work the CPU time is the steadier figure, and with one round in flight at a time it
 * bounds the wall time an idle machine would show.
 *
 * <p>Arguments: {@code N} (default 100000), the differing fraction (default 0.01), repetitions (default 3).
 * Events are shaped correctly but unsigned: negentropy reads ids and {@code created_at} only.
 */
public final class NegentropyBench {

    private NegentropyBench() {
    }

    /**
     * Runs the benchmark and prints one line per measurement.
     *
     * @param args N, fraction, repetitions
     */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        double fraction = args.length > 1 ? Double.parseDouble(args[1]) : 0.01;
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int differ = (int) (n * fraction);
        Random random = new Random(42);
        List<Event> shared = events(random, n - differ, n);
        List<Event> onlyLocal = events(random, differ, n);
        List<Event> onlyRemote = events(random, differ, n);
        EventStore local = MemoryEventStore.create();
        EventStore remote = MemoryEventStore.create();
        local.importEvents(Flux.concat(Flux.fromIterable(shared), Flux.fromIterable(onlyLocal))).block();
        remote.importEvents(Flux.concat(Flux.fromIterable(shared), Flux.fromIterable(onlyRemote))).block();
        shared = null;
        System.out.printf("N=%d a side, %d differ on each side (%.2f%%), %d reps%n", n, differ, fraction * 100, reps);

        NostrRelay relay = Objects.requireNonNull(NostrRelay.start(remote, RelayOptions.builder().port(0)
                .maxNegentropyRecords(Math.max(n, 1)).requestsPerSecondPerIp(0).eventsPerSecondPerIp(0).build())
                .block(Duration.ofSeconds(30)), "completed empty");
        RelayClient client = RelayClient.create(relay.url());
        try {
            for (int rep = 1; rep <= reps; rep++) {
                long t0 = System.nanoTime();
                long c0 = cpu();
                Filter all = Filter.builder().build();
                NegentropyStorage mine = Objects.requireNonNull(NegentropyStorage.collectPages(local.queryPages(List.of(all), 256), n).block(), "completed empty");
                NegentropyStorage theirs = Objects.requireNonNull(NegentropyStorage.collectPages(remote.queryPages(List.of(all), 256), n).block(), "completed empty");
                long t1 = System.nanoTime();
                long c1 = cpu();
                long[] memory = inMemory(mine, theirs);
                long t2 = System.nanoTime();
                long c2 = cpu();
                List<NegentropyRound> rounds = Objects.requireNonNull(client.reconcile(all, mine).collectList().block(Duration.ofMinutes(10)), "completed empty");
                long t3 = System.nanoTime();
                long c3 = cpu();
                NegentropyRound last = rounds.get(rounds.size() - 1);
                long have = rounds.stream().mapToLong(r -> r.have().size()).sum();
                long need = rounds.stream().mapToLong(r -> r.need().size()).sum();
                System.out.printf("rep %d: collect 2x%d records from memory stores %d ms (cpu %d ms); protocol in "
                        + "memory %d ms (cpu %d ms), %d rounds, %d bytes; loopback (relay collects its records + "
                        + "client) %d ms (cpu %d ms, client and relay), %d rounds, %d bytes sent + %d received "
                        + "(binary; hex doubles), have %d need %d%n",
                        rep, mine.size(), (t1 - t0) / 1_000_000, (c1 - c0) / 1_000_000, (t2 - t1) / 1_000_000,
                        (c2 - c1) / 1_000_000, memory[0], memory[1], (t3 - t2) / 1_000_000, (c3 - c2) / 1_000_000,
                        rounds.size(), last.bytesSent(), last.bytesReceived(), have, need);
            }
        } finally {
            client.closeBlocking();
            relay.shutdown().block(Duration.ofSeconds(30));
        }
    }

    /** CPU time of this whole process (client, relay, GC, JIT), in nanoseconds: less noisy than wall time on a shared machine. */
    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Rounds and bytes of a reconciliation without a network. */
    private static long[] inMemory(NegentropyStorage client, NegentropyStorage server) {
        Negentropy initiator = new Negentropy(client, RelayClient.NEGENTROPY_FRAME_SIZE_LIMIT);
        Negentropy responder = new Negentropy(server, 60_000);
        byte[] message = initiator.initiate();
        long rounds = 0;
        long bytes = 0;
        while (message != null) {
            rounds++;
            bytes += message.length;
            byte[] answer = responder.reconcile(message);
            bytes += answer.length;
            message = initiator.reconcile(answer, id -> { }, id -> { });
        }
        return new long[] {rounds, bytes};
    }

    private static List<Event> events(Random random, int count, int n) {
        HexFormat hex = HexFormat.of();
        byte[] pubkey = new byte[32];
        random.nextBytes(pubkey);
        byte[] sig = new byte[64];
        random.nextBytes(sig);
        String pk = hex.formatHex(pubkey);
        String sg = hex.formatHex(sig);
        List<Event> out = new ArrayList<>(count);
        byte[] id = new byte[32];
        for (int i = 0; i < count; i++) {
            random.nextBytes(id);
            // about four events per second of a time span, as on a busy relay
            out.add(Event.of(hex.formatHex(id), pk, 1_700_000_000L + random.nextInt(n / 4 + 1), 1, List.of(), "", sg));
        }
        return out;
    }
}
