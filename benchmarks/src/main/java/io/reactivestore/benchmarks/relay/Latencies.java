package io.reactivestore.benchmarks.relay;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/** A fixed-size, thread-safe record of latencies in nanoseconds; extra samples beyond capacity are counted, not kept. */
final class Latencies {

    private final long[] samples;
    private final AtomicInteger next = new AtomicInteger();

    Latencies(int capacity) {
        this.samples = new long[capacity];
    }

    void record(long nanos) {
        int i = next.getAndIncrement();
        if (i < samples.length) {
            samples[i] = nanos;
        }
    }

    /** Samples recorded (including those beyond capacity). */
    int count() {
        return next.get();
    }

    /** The {@code p}-th percentile (0-100) in milliseconds of the kept samples. */
    double percentileMillis(double p) {
        int n = Math.min(next.get(), samples.length);
        if (n == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, n);
        Arrays.sort(sorted);
        int index = (int) Math.min(n - 1, Math.max(0, Math.ceil(p / 100.0 * n) - 1));
        return sorted[index] / 1_000_000.0;
    }
}
