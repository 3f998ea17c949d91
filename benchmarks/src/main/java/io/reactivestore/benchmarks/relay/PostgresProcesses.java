package io.reactivestore.benchmarks.relay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;

/**
 * A local PostgreSQL server's processes, read from {@code /proc} (Linux): which process is the postmaster, and
 * how much CPU the server has used. Blocking file and JDBC I/O: benchmark main threads only.
 */
final class PostgresProcesses {

    private static final long TICKS_PER_SECOND = 100;

    private PostgresProcesses() {
    }

    /**
     * @param statement a statement on a connection to the server
     * @return the postmaster's process id: the parent of the backend serving {@code statement}'s connection
     * @throws SQLException if the query fails
     * @throws IOException if the backend's {@code /proc} entry cannot be read
     */
    static long postmasterPid(Statement statement) throws SQLException, IOException {
        try (ResultSet r = statement.executeQuery("select pg_backend_pid()")) {
            r.next();
            return stat(r.getLong(1))[1];
        }
    }

    /**
     * @param postmaster the postmaster's process id
     * @return the server's CPU time so far, in ns: the postmaster with its reaped children, plus its live children
     *     (children that end while {@code /proc} is read are skipped)
     * @throws IOException if the postmaster's {@code /proc} entry cannot be read
     */
    static long cpuNanos(long postmaster) throws IOException {
        long[] own = stat(postmaster);
        long ticks = own[2] + own[3] + own[4] + own[5];
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .toList()) {
                long[] st;
                try {
                    st = stat(Long.parseLong(p.getFileName().toString()));
                } catch (IOException | RuntimeException gone) {
                    continue;
                }
                if (st[1] == postmaster) {
                    ticks += st[2] + st[3];
                }
            }
        }
        return ticks * (1_000_000_000L / TICKS_PER_SECOND);
    }

    /** {pid, ppid, utime, stime, cutime, cstime} from {@code /proc/<pid>/stat}. */
    private static long[] stat(long pid) throws IOException {
        String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        // f[0] is field 3 (state): ppid is field 4, utime 14, stime 15, cutime 16, cstime 17
        return new long[] {pid, Long.parseLong(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12]),
            Long.parseLong(f[13]), Long.parseLong(f[14])};
    }
}
