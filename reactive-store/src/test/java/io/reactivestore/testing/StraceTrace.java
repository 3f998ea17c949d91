package io.reactivestore.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a child JVM under {@code strace -f} and turns the system calls it made into a {@link ForceTrace}: for
 * engines that write and sync natively (LMDB), where a Java file-channel wrapper sees nothing. Traced: writes
 * to files named {@code fileName} ({@code write}, {@code pwrite64}, {@code writev}, {@code pwritev}), their
 * forces ({@code fsync}, {@code fdatasync}, {@code msync}), and the child's acknowledgements (a
 * {@code write} to its standard output starting with {@code ackPrefix}). Each force system call also leaves a
 * {@code syscall <name> <fileName>} entry, for counting them.
 *
 * <p>Entries are ordered conservatively, so a wrong order cannot pass: a write counts when it starts, a force
 * when it returns, an acknowledgement when it starts. A write through a descriptor opened with {@code O_DSYNC}
 * or {@code O_SYNC} (LMDB writes its meta page so) is on the device when it returns: it counts as a write at
 * its start and a force at its return.
 */
public final class StraceTrace {

    private static final Pattern OPEN = Pattern.compile("^\\d+\\s+openat\\(.*\"([^\"]+)\", ([A-Z_|]+).*\\) = (\\d+)");
    private static final Pattern CALL = Pattern.compile(
            "^\\d+\\s+(write|pwrite64|writev|pwritev|pwritev2|fsync|fdatasync|msync)\\((\\d+)<([^>]*)>(.*)$");
    private static final Pattern RESUMED = Pattern.compile("^\\d+\\s+<\\.\\.\\. (\\w+) resumed>");

    private StraceTrace() {
    }

    /**
     * The path of {@code strace} if it is installed and may trace here (ptrace allowed), else empty.
     *
     * @return the executable, or empty with no tracing possible
     */
    public static Optional<Path> strace() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(dir, "strace");
            if (Files.isExecutable(candidate)) {
                try {
                    Process probe = new ProcessBuilder(candidate.toString(), "-qq", "-e", "trace=none", "true")
                            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    return probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0
                            ? Optional.of(candidate) : Optional.empty();
                } catch (IOException e) {
                    return Optional.empty();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Runs {@code mainClass} (this test classpath) with {@code args} under {@code strace} until it exits.
     *
     * @param strace the executable ({@link #strace()})
     * @param output where strace writes its trace
     * @param mainClass the child's main class
     * @param args its arguments
     * @return the child's exit code
     * @throws IOException if it cannot be started
     * @throws InterruptedException if interrupted while waiting
     */
    public static int run(Path strace, Path output, Class<?> mainClass, List<String> args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(strace.toString(), "-f", "-qq", "-y", "-s", "32",
                "-e", "trace=openat,write,pwrite64,writev,pwritev,pwritev2,fsync,fdatasync,msync",
                "-o", output.toString(),
                ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
                mainClass.getName()));
        command.addAll(args);
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!child.waitFor(5, TimeUnit.MINUTES)) {
            child.destroyForcibly();
            throw new IllegalStateException("traced child did not finish in 5 minutes");
        }
        return child.exitValue();
    }

    /**
     * Reads a trace written by {@link #run} into a {@link ForceTrace} ({@code write <fileName>},
     * {@code force <fileName>}, {@code ack <rest of the line>}, {@code syscall <name> <fileName>}).
     *
     * @param output the strace output
     * @param fileName the data file's name (without directories)
     * @param ackPrefix what an acknowledgement line on standard output starts with
     * @return the trace, in order
     * @throws IOException if the output cannot be read
     */
    public static ForceTrace read(Path output, String fileName, String ackPrefix) throws IOException {
        ForceTrace trace = new ForceTrace();
        Map<Integer, Boolean> syncDescriptors = new HashMap<>();
        // per thread: its unfinished call on the file becomes a force when it returns (a force, an O_DSYNC write)
        Map<String, Boolean> forceWhenResumed = new HashMap<>();
        for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
            String pid = line.substring(0, Math.max(0, line.indexOf(' ')));
            Matcher open = OPEN.matcher(line);
            if (open.find()) {
                if (open.group(1).endsWith("/" + fileName)) {
                    String flags = open.group(2);
                    syncDescriptors.put(Integer.parseInt(open.group(3)),
                            flags.contains("O_DSYNC") || flags.contains("O_SYNC"));
                }
                continue;
            }
            if (RESUMED.matcher(line).find()) {
                if (Boolean.TRUE.equals(forceWhenResumed.remove(pid))) {
                    trace.record("force " + fileName);
                }
                continue;
            }
            Matcher call = CALL.matcher(line);
            if (!call.find()) {
                continue;
            }
            String name = call.group(1);
            int fd = Integer.parseInt(call.group(2));
            boolean finished = !line.endsWith("<unfinished ...>");
            if (fd == 1 && name.equals("write") && call.group(4).startsWith(", \"" + ackPrefix)) {
                trace.record("ack " + call.group(4));
            } else if (call.group(3).endsWith("/" + fileName)) {
                boolean force = name.endsWith("sync");
                if (force) {
                    trace.record("syscall " + name + " " + fileName); // ignored by unforcedAcks, for counting
                } else {
                    trace.record("write " + fileName);
                }
                boolean syncWrite = !force && Boolean.TRUE.equals(syncDescriptors.get(fd));
                if (force || syncWrite) {
                    if (finished) {
                        trace.record("force " + fileName);
                    } else {
                        forceWhenResumed.put(pid, true);
                    }
                }
                if (syncWrite) {
                    trace.record("syscall O_DSYNC " + name + " " + fileName);
                }
            }
        }
        return trace;
    }
}
