package io.reactivestore.relay.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.relay.client.NegentropyRound;
import io.reactivestore.relay.client.RelayClient;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.memory.MemoryEventStore;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Interoperability with an independent NIP-77 implementation: the {@code nip77} module of the npm package
 * {@code nostr-tools} (pinned in {@code src/test/node/nip77-interop/package-lock.json}, installed by
 * {@code npm ci} into {@code target/}), as the initiator against this relay and as the responder to this
 * client, on two sets of {@value #DEFAULT_SIZE} ids each (system property {@code nip77.interop.size}) that
 * differ by 0, 1 and 1% of their ids, and on two sets of {@value #DEFAULT_HALF_SIZE} ids
 * ({@code nip77.interop.size.half}) that differ by 50%. Skipped, with the reason, when {@code node} or
 * {@code npm} is not on the PATH or the install fails.
 *
 * <p><b>Why the 50% case runs at 20k by default.</b> nostr-tools' JavaScript costs about half a second per
 * round at 100k ids (it re-sums the rest of the range at each frame limit, with a {@code DataView} per id),
 * and 50% of 100k needs about 106 rounds of 60,000-byte frames: measured here, 66-70 s per direction for that
 * case alone, nostr-tools against itself 92 s. The whole class at 100k for all four cases took 262 s on the
 * shared machine; with these defaults it took 136 s (load average 30-40 on 2 cores: about 4 s of reconciliation
 * per 100k case, the rest is building the sets, filling the relay's store and node loading them).
 * {@code -Dnip77.interop.size.half=100000} runs the 50% case at 100k (it passed in both directions, 2026-12-07).
 *
 * <p>nostr-tools' responder does not answer an id list with its own ids (the reference does): it learns
 * the difference of that range itself. So as responder the check is that what this client learned plus
 * what nostr-tools learned is exactly the symmetric difference, each id learned by one side. Under frame
 * limits nostr-tools sums the rest of the range space from the end of the range it dropped, so it reopens
 * ranges already settled: as initiator it may report an id twice (counted and printed, the sets must match);
 * as responder its reopened ranges reach this client, which must still report each id once.
 */
@Tag("integration")
class NostrToolsInteropTest {

    /** 100k ids a side for the 0, 1 and 1% cases. */
    private static final int DEFAULT_SIZE = 100_000;
    /** 20k ids a side for the 50% case, see the class description. */
    private static final int DEFAULT_HALF_SIZE = 20_000;
    /** The generated sides by case, shared by both directions (about 50 MB per 100k-id case). */
    private static final Map<Integer, NegentropyFixtures.Sides> SIDES = new ConcurrentHashMap<>();
    /** The relay's store by case, filled once with the remote side. */
    private static final Map<Integer, EventStore> STORES = new ConcurrentHashMap<>();
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static Path work;
    private static String skipReason;

    private final RelayHarness harness = new RelayHarness();
    private RelayClient client;

    @BeforeAll
    static void installNostrTools() throws Exception {
        Path source = Paths.get("src/test/node/nip77-interop");
        work = Paths.get("target/nip77-interop");
        if (!onPath("node") || !onPath("npm")) {
            skipReason = "node and npm are needed on the PATH for the nostr-tools interop test";
            return;
        }
        Files.createDirectories(work);
        for (String name : List.of("package.json", "package-lock.json", "initiator.mjs", "responder.mjs")) {
            Files.copy(source.resolve(name), work.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(work.resolve("node_modules/nostr-tools"))) {
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(work.toFile())
                    .redirectErrorStream(true).redirectOutput(work.resolve("npm.log").toFile()).start();
            if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                npm.destroyForcibly();
                skipReason = "npm ci failed (see target/nip77-interop/npm.log): " + Files.readString(work.resolve("npm.log"));
            }
        }
    }

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.closeBlocking();
        }
        harness.close();
    }

    /** nostr-tools initiates; this relay (memory store) responds; nostr-tools must learn exactly the difference. */
    @ParameterizedTest(name = "differing by {0} per mille")
    @ValueSource(ints = {0, -1, 10, 500})
    void nostrToolsAsInitiatorAgainstThisRelay(int perMille) throws Exception {
        assumeTrue(skipReason == null, skipReason);
        NegentropyFixtures.Sides sides = sides(perMille);
        NostrRelay relay = harness.start(STORES.computeIfAbsent(perMille, key -> {
            EventStore store = MemoryEventStore.create();
            NegentropyFixtures.fill(store, sides.remote());
            return store;
        }), o -> o.closeStoreOnShutdown(false));
        Path records = writeRecords(sides.local());
        Path result = work.resolve("initiator-result.json");
        Files.deleteIfExists(result);

        Process node = new ProcessBuilder("node", "initiator.mjs", relay.url(), records.toAbsolutePath().toString(),
                result.toAbsolutePath().toString()).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("initiator.log").toFile()).start();
        assertThat(node.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("nostr-tools finished").isTrue();

        assertThat(result).as(Files.readString(work.resolve("initiator.log"))).exists();
        JsonNode out = JSON.readTree(result.toFile());
        assertThat(out.get("error").isNull()).as(out.get("error").toString()).isTrue();
        List<String> have = strings(out.get("have"));
        List<String> need = strings(out.get("need"));
        Set<String> haveSet = new HashSet<>(have);
        Set<String> needSet = new HashSet<>(need);
        assertThat(haveSet).isEqualTo(new HashSet<>(sides.onlyLocalIds()));
        assertThat(needSet).isEqualTo(new HashSet<>(sides.onlyRemoteIds()));
        System.out.printf("nostr-tools initiator, %d ids a side, %d differ: %d ms, %d have / %d need reported"
                + " (%d reported twice)%n", sides.local().size(), sides.onlyLocal().size(), out.get("millis").asLong(),
                have.size(), need.size(), have.size() - haveSet.size() + need.size() - needSet.size());
    }

    /** This client initiates; nostr-tools responds; together they must learn exactly the difference. */
    @ParameterizedTest(name = "differing by {0} per mille")
    @ValueSource(ints = {0, -1, 10, 500})
    void thisClientAgainstNostrToolsAsResponder(int perMille) throws Exception {
        assumeTrue(skipReason == null, skipReason);
        NegentropyFixtures.Sides sides = sides(perMille);
        // the responder holds the "remote" side
        Path records = writeRecords(sides.remote());
        Process node = new ProcessBuilder("node", "responder.mjs", records.toAbsolutePath().toString())
                .directory(work.toFile()).redirectError(work.resolve("responder.log").toFile()).start();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            String first = lines.readLine();
            assertThat(first).as("the responder's port line").startsWith("port ");
            client = RelayClient.create("ws://127.0.0.1:" + first.substring(5).trim());
            List<String> have = new ArrayList<>();
            List<String> need = new ArrayList<>();
            long started = System.nanoTime();
            List<NegentropyRound> rounds = client.reconcile(Filter.builder().build(), NegentropyFixtures.storage(sides.local()))
                    .doOnNext(round -> {
                        have.addAll(round.have());
                        need.addAll(round.need());
                    }).collectList().block(WAIT);
            long millis = (System.nanoTime() - started) / 1_000_000;
            String result = lines.readLine();
            assertThat(result).as("the responder's result line").startsWith("result ");
            JsonNode learned = JSON.readTree(result.substring(7));
            List<String> theirHave = strings(learned.get("have"));
            List<String> theirNeed = strings(learned.get("need"));

            // what only we have: learned by us as "have" or by them as "need"; never both
            Set<String> onlyLocal = new HashSet<>(have);
            assertThat(java.util.Collections.disjoint(theirNeed, onlyLocal)).as("learned by both sides").isTrue();
            onlyLocal.addAll(theirNeed);
            Set<String> onlyRemote = new HashSet<>(need);
            assertThat(java.util.Collections.disjoint(theirHave, onlyRemote)).as("learned by both sides").isTrue();
            onlyRemote.addAll(theirHave);
            assertThat(onlyLocal).isEqualTo(new HashSet<>(sides.onlyLocalIds()));
            assertThat(onlyRemote).isEqualTo(new HashSet<>(sides.onlyRemoteIds()));
            assertThat(have).doesNotHaveDuplicates();
            assertThat(need).doesNotHaveDuplicates();
            System.out.printf("nostr-tools responder, %d ids a side, %d differ: %d ms in %d rounds; "
                    + "this client learned %d+%d, nostr-tools %d+%d%n", sides.local().size(), sides.onlyLocal().size(), millis,
                    rounds.size(), have.size(), need.size(), theirHave.size(), theirNeed.size());
        } finally {
            node.getOutputStream().close();
            if (!node.waitFor(10, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        }
    }

    /** {@code perMille} of the ids differ on each side; -1 means exactly one. Generated once per case. */
    private static NegentropyFixtures.Sides sides(int perMille) {
        return SIDES.computeIfAbsent(perMille, key -> {
            int n = key >= 500 ? Integer.getInteger("nip77.interop.size.half", DEFAULT_HALF_SIZE)
                    : Integer.getInteger("nip77.interop.size", DEFAULT_SIZE);
            int differ = key < 0 ? 1 : (int) ((long) n * key / 1000);
            return NegentropyFixtures.sides(77 + key, n - differ, differ, differ);
        });
    }

    private static Path writeRecords(List<Event> events) throws IOException {
        Path file = work.resolve("records.txt");
        Files.writeString(file, events.stream().map(e -> e.createdAt() + " " + e.id())
                .collect(Collectors.joining("\n", "", "\n")));
        return file;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>(array.size());
        array.forEach(node -> out.add(node.asString()));
        return out;
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Paths.get(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
