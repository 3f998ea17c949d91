package io.reactivestore.benchmarks.model;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Base of single-threaded benchmarks that print, next to JMH's wall-clock score, the CPU time their
 * thread spent per operation in each iteration ({@link CpuTime}); subclasses call {@link #countOp()}
 * once per operation.
 */
public abstract class CpuTimedBenchmark {

    private final CpuTime cpu = new CpuTime();

    /** Counts one operation of the current iteration. */
    protected final void countOp() {
        cpu.op();
    }

    @Setup(Level.Iteration)
    public void startClock() {
        cpu.start();
    }

    @TearDown(Level.Iteration)
    public void printClock(BenchmarkParams params) {
        cpu.stopAndPrint(params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1));
    }
}
