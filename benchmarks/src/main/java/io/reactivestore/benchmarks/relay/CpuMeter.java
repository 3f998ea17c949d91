package io.reactivestore.benchmarks.relay;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * CPU time spent between {@link #start()} and {@link #stop()} by: the load clients' threads (named
 * {@value LoadConnection#THREAD_PREFIX}...), every other Java thread (the relay and its store), and the
 * JVM's own threads (compiler, garbage collector: the process's CPU time minus its Java threads'). On a shared, noisy machine CPU time per operation varies far
 * less than wall-clock throughput, so it is the figure to compare between runs. Threads that ended in
 * between are not counted (the scenarios keep their threads alive).
 */
final class CpuMeter {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final OperatingSystemMXBean PROCESS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final int RELAY = 0;
    private static final int CLIENT = 1;
    private static final int JVM = 2;

    private final long[] start;
    private long @Nullable [] spent;

    private CpuMeter(long[] start) {
        this.start = start;
    }

    static CpuMeter start() {
        return new CpuMeter(sample());
    }

    CpuMeter stop() {
        long[] now = sample();
        spent = new long[now.length];
        for (int i = 0; i < now.length; i++) {
            spent[i] = now[i] - start[i];
        }
        return this;
    }

    /** CPU µs per operation: relay, load client, JVM (compiler, garbage collector). */
    String perOperation(long ops, String op) {
        return String.format(Locale.ROOT, "CPU per %s: relay %.1f µs, load client %.1f µs, JVM (JIT, GC) %.1f µs",
                op, spent()[RELAY] / 1e3 / ops, spent()[CLIENT] / 1e3 / ops, spent()[JVM] / 1e3 / ops);
    }

    private long[] spent() {
        return Objects.requireNonNull(spent, "stop() first");
    }

    private static long[] sample() {
        long[] sums = new long[3];
        long javaThreads = 0;
        for (long id : THREADS.getAllThreadIds()) {
            ThreadInfo info = THREADS.getThreadInfo(id);
            long cpu = THREADS.getThreadCpuTime(id);
            if (info != null && cpu >= 0) {
                sums[info.getThreadName().startsWith(LoadConnection.THREAD_PREFIX) ? CLIENT : RELAY] += cpu;
                javaThreads += cpu;
            }
        }
        sums[JVM] = PROCESS.getProcessCpuTime() - javaThreads;
        return sums;
    }

}
