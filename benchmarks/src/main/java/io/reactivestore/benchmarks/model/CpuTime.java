package io.reactivestore.benchmarks.model;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU time the benchmark thread spent per operation during one JMH iteration, printed at the end of
 * the iteration as {@code # cpu: <n> us/op}. On a shared, overloaded machine the wall-clock score
 * includes time the thread waited for a core; CPU time does not, so it estimates what an idle core
 * would do (cache and memory-bandwidth contention still show). Call {@link #start()} from an
 * iteration-level setup, {@link #op()} once per operation, {@link #stopAndPrint(String)} from an
 * iteration-level teardown; all on the benchmark thread (JMH runs iteration fixtures there). Not
 * thread-safe.
 */
public final class CpuTime {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private long startNanos;
    private long ops;

    public void start() {
        ops = 0;
        startNanos = THREADS.getCurrentThreadCpuTime();
    }

    public void op() {
        ops++;
    }

    /** Adds {@code n} operations at once (a batch). */
    public void ops(long n) {
        ops += n;
    }

    public void stopAndPrint(String label) {
        long cpu = THREADS.getCurrentThreadCpuTime() - startNanos;
        if (ops > 0) {
            System.out.printf("%n# cpu %s: %.2f us/op over %d ops%n", label, cpu / 1e3 / ops, ops);
        }
    }
}
