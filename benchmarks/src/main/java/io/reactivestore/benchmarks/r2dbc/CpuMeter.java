package io.reactivestore.benchmarks.r2dbc;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time spent during a run, split into this JVM (every thread, GC included) and a database server
 * (a process and all its descendants, such as the PostgreSQL postmaster and its backends, read from
 * {@code /proc}: Linux only, 0 elsewhere or without a server). On
 * a shared machine CPU time per event compares variants more steadily than wall-clock rates, and
 * their sum bounds what an idle machine could do: {@code cores / (jvm + children)} events per second.
 */
final class CpuMeter {

    /** Linux clock ticks per second, the unit of {@code /proc/<pid>/stat} times. */
    private static final long TICKS_PER_SECOND = 100;

    private final long serverPid;
    private final long jvmStart;
    private final long serverStart;

    /** @param serverPid the server's root process, or -1 for none (H2 runs inside the JVM) */
    CpuMeter(long serverPid) {
        this.serverPid = serverPid;
        this.jvmStart = jvmNanos();
        this.serverStart = serverNanos();
    }

    /** JVM CPU nanoseconds since this meter was made. */
    long jvm() {
        return jvmNanos() - jvmStart;
    }

    /** CPU nanoseconds of the server's processes (live or reaped) since this meter was made. */
    long server() {
        return serverNanos() - serverStart;
    }

    private static long jvmNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private long serverNanos() {
        if (serverPid < 0) {
            return 0;
        }
        long ticks = ticks(serverPid) + ProcessHandle.of(serverPid)
                .map(p -> p.descendants().mapToLong(d -> ticks(d.pid())).sum()).orElse(0L);
        return ticks * (1_000_000_000L / TICKS_PER_SECOND);
    }

    /** utime + stime + cutime + cstime of {@code pid}, or 0 if it is gone or there is no /proc. */
    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // fields after the parenthesised command name; utime is field 14 of the whole line
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
