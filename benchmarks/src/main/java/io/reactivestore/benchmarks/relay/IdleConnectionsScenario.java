package io.reactivestore.benchmarks.relay;

import io.reactivestore.relay.client.RelayClient;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;

/**
 * Heap for idle connections: used heap after forced GCs before and after opening {@code n} idle
 * WebSocket connections to a fresh relay. Client and relay share this JVM, so the difference is an
 * upper bound for the relay's share (it includes the {@link RelayClient} side of every connection).
 */
final class IdleConnectionsScenario {

    record Result(int connections, long heapBeforeBytes, long heapAfterBytes) {
        double deltaMiB() {
            return (heapAfterBytes - heapBeforeBytes) / (1024.0 * 1024.0);
        }
    }

    private IdleConnectionsScenario() {
    }

    static Result run(BenchRelay relay, int n) throws InterruptedException {
        long before = usedHeapAfterGc();
        List<RelayClient> clients = Clients.openConnected(relay.url(), n);
        try {
            for (int i = 0; i < 100 && relay.connectionCount() < n; i++) {
                Thread.sleep(100);
            }
            if (relay.connectionCount() < n) {
                throw new IllegalStateException("relay holds " + relay.connectionCount() + " of " + n + " connections");
            }
            long after = usedHeapAfterGc();
            return new Result(n, before, after);
        } finally {
            Clients.closeClients(clients);
        }
    }

    static long usedHeapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
