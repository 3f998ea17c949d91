package io.reactivestore.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a child JVM (this test classpath) that prints {@code READY} once, then {@code ACK <id> <kind>} lines,
 * and kills it with SIGKILL after a number of acknowledgements, still reading the acknowledgements already in
 * the pipe. For crash-durability tests.
 */
public final class KilledChild {

    /** What the child acknowledged before it died: every id, and the ids of kind-1 (regular) events. */
    public record Acks(List<String> all, List<String> regular) {
    }

    private KilledChild() {
    }

    /**
     * Starts {@code mainClass} with {@code args}, calls {@code whileReady} after its {@code READY} line, and
     * kills it after {@code acksBeforeKill} acknowledgements.
     *
     * @param mainClass the child's main class
     * @param args its arguments
     * @param acksBeforeKill acknowledgements to wait for
     * @param whileReady run once the child reported ready, while it runs
     * @return the acknowledgements read
     * @throws IOException if the child cannot be started
     * @throws InterruptedException if interrupted while waiting for the child
     */
    public static Acks runAndKill(Class<?> mainClass, List<String> args, int acksBeforeKill, Runnable whileReady)
            throws IOException, InterruptedException {
        Process child = start(mainClass, args);
        List<String> all = new ArrayList<>();
        List<String> regular = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.equals("READY")) {
                    whileReady.run();
                } else if (line.startsWith("ACK ")) {
                    String[] ack = line.split(" ");
                    all.add(ack[1]);
                    if (ack[2].equals("1")) {
                        regular.add(ack[1]);
                    }
                    if (all.size() == acksBeforeKill) {
                        sigkill(child);
                    }
                }
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(all).hasSizeGreaterThanOrEqualTo(acksBeforeKill);
        return new Acks(all, regular);
    }

    /**
     * Starts {@code mainClass} with {@code args} in a child JVM on this test classpath, its standard error
     * discarded; read its standard output from the returned process.
     *
     * @param mainClass the child's main class
     * @param args its arguments
     * @return the running child
     * @throws IOException if the child cannot be started
     */
    public static Process start(Class<?> mainClass, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(args);
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /**
     * SIGKILL through kill(1): Process.destroyForcibly() would also close our end of the child's stdout.
     *
     * @param child the child to kill
     * @throws IOException if kill(1) cannot be started
     * @throws InterruptedException if interrupted while waiting for kill(1)
     */
    public static void sigkill(Process child) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-KILL", String.valueOf(child.pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
}
