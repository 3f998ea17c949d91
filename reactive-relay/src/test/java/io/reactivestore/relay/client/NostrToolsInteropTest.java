package io.reactivestore.relay.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.UnsignedEvent;
import io.reactivestore.relay.server.NostrRelay;
import io.reactivestore.relay.client.OkResult;
import io.reactivestore.relay.client.RelayClient;
import io.reactivestore.relay.server.RelayOptions;
import io.reactivestore.store.memory.MemoryEventStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client written by someone else works against our relay: the npm package {@code nostr-tools}
 * (pinned below) publishes a signed event, receives it live and stored, and reads an event our
 * {@link RelayClient} published, over loopback against a real {@link NostrRelay}.
 *
 * <p>Skipped (not failed) when {@code node} or {@code npm} is missing or the install fails. The
 * install is cached in {@code target/nostr-tools-interop}, so reruns do not touch the registry.
 */
@Tag("integration")
class NostrToolsInteropTest {

    private static final String NOSTR_TOOLS = "nostr-tools@2.25.2";
    private static final String WS = "ws@8.23.0";
    private static final Path WORK = Path.of("target", "nostr-tools-interop");
    private static final Duration BOUND = Duration.ofSeconds(30);

    private static final String SCRIPT = """
            import { finalizeEvent, generateSecretKey, verifyEvent } from 'nostr-tools/pure';
            import { Relay, useWebSocketImplementation } from 'nostr-tools/relay';
            import WebSocket from 'ws';
            useWebSocketImplementation(WebSocket);

            const [url, javaEventId] = process.argv.slice(2);
            const fail = (e) => { console.log('RESULT ' + JSON.stringify({ error: String(e) })); process.exit(2); };
            setTimeout(() => fail('timed out'), 30000);
            try {
              const out = {};
              const relay = await Relay.connect(url);
              console.log('STEP connected');
              const tag = 'interop-' + Date.now();
              const live = new Promise((resolve) => {
                const sub = relay.subscribe([{ kinds: [1], '#t': [tag] }], {
                  oneose() { out.liveEose = true; },
                  onevent(e) { sub.close(); resolve(e); },
                });
              });
              const event = finalizeEvent({ kind: 1, created_at: Math.floor(Date.now() / 1000),
                  tags: [['t', tag]], content: 'hello from nostr-tools' }, generateSecretKey());
              out.published = event.id;
              out.okReason = await relay.publish(event);
              console.log('STEP published');
              out.live = (await live).id;
              console.log('STEP live');
              const stored = [];
              await new Promise((resolve, reject) => {
                relay.subscribe([{ ids: [event.id, javaEventId] }], {
                  onevent(e) { stored.push({ id: e.id, valid: verifyEvent(e), content: e.content }); },
                  oneose() { resolve(); },
                  onclose(reason) { reject(new Error('closed: ' + reason)); },
                });
              });
              out.stored = stored;
              console.log('STEP stored');
              out.count = await relay.count([{ ids: [event.id, javaEventId] }], {});
              relay.close();
              console.log('RESULT ' + JSON.stringify(out));
              process.exit(0);
            } catch (e) {
              fail(e);
            }
            """;

    private NostrRelay relay;
    private RelayClient client;

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.closeBlocking();
        }
        if (relay != null) {
            relay.shutdown().block(BOUND);
        }
    }

    @Test
    void nostrToolsPublishesSubscribesAndCountsAgainstOurRelay() throws Exception {
        assumeTrue(succeeds(List.of("node", "--version"), Duration.ofSeconds(20)), "node is not installed");
        assumeTrue(succeeds(List.of("npm", "--version"), Duration.ofSeconds(20)), "npm is not installed");
        assumeTrue(installNostrTools(), "npm install " + NOSTR_TOOLS + " failed");
        Files.writeString(WORK.resolve("interop.mjs"), SCRIPT, StandardCharsets.UTF_8);

        relay = NostrRelay.start(MemoryEventStore.create(), RelayOptions.builder().host("127.0.0.1").port(0).build())
                .block(BOUND);
        client = RelayClient.create(relay.url());
        Event fromJava = KeyPair.generate().sign(UnsignedEvent.of(1, "hello from RelayClient"));
        StepVerifier.create(client.publish(fromJava)).expectNextMatches(OkResult::accepted).expectComplete().verify(BOUND);

        List<String> output = new ArrayList<>();
        int exit = run(List.of("node", "interop.mjs", relay.url(), fromJava.id()), Duration.ofSeconds(60), output);
        String resultLine = output.stream().filter(l -> l.startsWith("RESULT ")).findFirst()
                .orElseThrow(() -> new AssertionError("no RESULT from node: " + output));
        JsonNode result = JsonMapper.builder().build().readTree(resultLine.substring("RESULT ".length()));
        assertThat(result.has("error")).as("node printed %s", output).isFalse();
        assertThat(exit).isZero();

        String published = result.get("published").asString();
        assertThat(result.get("liveEose").asBoolean()).isTrue();
        assertThat(result.get("live").asString()).isEqualTo(published);
        List<String> storedIds = new ArrayList<>();
        for (JsonNode e : result.get("stored")) {
            assertThat(e.get("valid").asBoolean()).isTrue();
            storedIds.add(e.get("id").asString());
        }
        assertThat(storedIds).containsExactlyInAnyOrder(published, fromJava.id());
        assertThat(result.get("count").asLong()).isEqualTo(2);

        StepVerifier.create(client.fetch(List.of(Filter.builder().ids(published).build())))
                .assertNext(e -> {
                    assertThat(e.content()).isEqualTo("hello from nostr-tools");
                    assertThat(e.hasValidId() && e.hasValidSignature()).isTrue();
                })
                .expectComplete().verify(BOUND);
    }

    private static boolean installNostrTools() throws IOException, InterruptedException {
        if (Files.exists(WORK.resolve("node_modules/nostr-tools/package.json"))
                && Files.exists(WORK.resolve("node_modules/ws/package.json"))) {
            return true;
        }
        Files.createDirectories(WORK);
        return run(List.of("npm", "install", "--prefix", ".", "--no-audit", "--no-fund", "--loglevel=error",
                NOSTR_TOOLS, WS), Duration.ofMinutes(3), new ArrayList<>()) == 0;
    }

    private static boolean succeeds(List<String> command, Duration timeout) {
        try {
            return run(command, timeout, new ArrayList<>()) == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@code command} in {@link #WORK}, collecting its output lines; -1 if it timed out (then killed). */
    private static int run(List<String> command, Duration timeout, List<String> output)
            throws IOException, InterruptedException {
        Files.createDirectories(WORK);
        Process process = new ProcessBuilder(command).directory(WORK.toFile()).redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (var lines = process.inputReader(StandardCharsets.UTF_8).lines()) {
                lines.forEach(line -> {
                    synchronized (output) {
                        output.add(line);
                    }
                });
            }
        });
        reader.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            reader.join(5000);
            return -1;
        }
        reader.join(5000);
        return process.exitValue();
    }
}
