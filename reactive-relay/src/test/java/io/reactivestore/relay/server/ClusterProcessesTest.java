package io.reactivestore.relay.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import io.reactivestore.relay.client.RelayClient;
import io.reactivestore.relay.client.RelayClientOptions;
import io.reactivestore.relay.client.SubscriptionItem;
import io.reactivestore.testing.KilledChild;
import io.reactivestore.testing.TestDatabases;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Three relay nodes as separate processes ({@link ClusterNodeProcess}) on one embedded PostgreSQL database,
 * clients reaching them through a TCP failover proxy as they would through a load balancer. One node is
 * killed with SIGKILL in the middle of a publish stream.
 *
 * <p>What {@link RelayClient} promises across the move to another node, and what is checked here: its
 * publishes still waiting for an {@code OK} are sent again to the new node (a duplicate is accepted), and
 * its subscription past {@code EOSE} is sent again with {@code since} = the disconnect time less
 * {@code resumeOverlap} (10 s): the relay then sends events the client may already have had, which the
 * client skips (it remembers the last 4,096 ids per subscription). So every event reaches the consumer
 * exactly once, provided its {@code created_at} is within the overlap of the disconnect and fewer than
 * 4,096 events of the subscription arrived within it. The resent {@code since} also filters the live
 * events that follow: an event created more than the overlap before the disconnect and published after
 * it does not reach the moved subscription (here every event is signed as it is published, as clients do).
 */
@Tag("integration")
class ClusterProcessesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int EVENTS = 300;
    private static final int KILL_AFTER_ACKS = 100;

    private record Node(Process process, int port) {
        String url() {
            return "ws://127.0.0.1:" + port + "/";
        }
    }

    private final TestDatabases.PostgresDatabase db = TestDatabases.freshPostgres();
    private final List<Process> children = new ArrayList<>();
    private final List<FailoverProxy> proxies = new ArrayList<>();
    private final List<RelayClient> clients = new ArrayList<>();
    private final List<Disposable> subscriptions = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        subscriptions.forEach(Disposable::dispose);
        clients.forEach(RelayClient::closeBlocking);
        for (FailoverProxy p : proxies) {
            p.close();
        }
        for (Process child : children) {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        db.drop();
    }

    /** Starts one child JVM per name at once (they warm up in parallel), and waits until each is ready. */
    private List<Node> nodes(String... names) throws Exception {
        List<Process> started = new ArrayList<>();
        for (String name : names) {
            Process child = KilledChild.start(ClusterNodeProcess.class, List.of(db.host(),
                    String.valueOf(db.port()), db.database(), db.user(), db.password(), name));
            children.add(child);
            started.add(child);
        }
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            nodes.add(new Node(started.get(i), readyPort(started.get(i), names[i])));
        }
        return nodes;
    }

    private static int readyPort(Process child, String name) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String ready = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null && !line.startsWith("READY ")) {
                    // skip anything else the child prints
                }
                return line;
            } catch (IOException e) {
                return null;
            }
        }).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(ready).as("node %s started", name).isNotNull();
        return Integer.parseInt(ready.substring("READY ".length()));
    }

    private RelayClient client(String url) {
        RelayClient client = RelayClient.create(RelayClientOptions.builder(url)
                .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(500)).build());
        clients.add(client);
        return client;
    }

    private FailoverProxy proxy(Node... order) throws IOException {
        List<Integer> ports = new ArrayList<>();
        for (Node n : order) {
            ports.add(n.port());
        }
        FailoverProxy proxy = new FailoverProxy(ports);
        proxies.add(proxy);
        return proxy;
    }

    /** Subscribes to {@code filter}, collecting the events (stored and live); returns once past EOSE. */
    private List<Event> collect(RelayClient client, Filter filter) throws Exception {
        List<Event> events = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> eose = new CompletableFuture<>();
        subscriptions.add(client.subscribe(filter).subscribe(item -> {
            if (item instanceof SubscriptionItem.EndOfStored) {
                eose.complete(null);
            } else if (item.eventOrNull() != null) {
                events.add(item.eventOrNull());
            }
        }, eose::completeExceptionally));
        eose.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return events;
    }

    private static long distinct(List<Event> events) {
        return events.stream().map(Event::id).distinct().count();
    }

    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        eventually(() -> what, condition);
    }

    private static void eventually(java.util.function.Supplier<String> what, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + TIMEOUT + ": " + what.get());
            }
            Thread.sleep(20);
        }
    }

    @Test
    void aNodeKilledDuringAPublishStreamLosesNoAcknowledgedEventAndItsClientsGoOnElsewhereWithNoGap()
            throws Exception {
        List<Node> nodes = nodes("a", "b", "c");
        Node a = nodes.get(0);
        Node b = nodes.get(1);
        Node c = nodes.get(2);
        // the publisher reaches a, then b; the subscriber a, then c (two failover orders of one balancer)
        RelayClient publisher = client(proxy(a, b, c).url());
        RelayClient subscriber = client(proxy(a, c, b).url());
        KeyPair keys = KeyPair.generate();
        Filter notes = Filter.builder().kinds(1).authors(keys.publicKey()).build();
        List<Event> onSubscriber = collect(subscriber, notes);
        List<Event> onB = collect(client(b.url()), notes);
        List<Event> onC = collect(client(c.url()), notes);

        // every node follows the others before the stream starts: a probe published on a reaches b and c
        Event probe = RelayHarness.signed(keys, 1, RelayHarness.now(), "probe", List.of());
        assertThat(publisher.publish(probe).block(TIMEOUT).accepted()).isTrue();
        eventually("b and c follow a", () -> onB.contains(probe) && onC.contains(probe) && onSubscriber.contains(probe));

        // each event signed when it is published, as clients do: created_at is the publish time
        List<Event> published = new CopyOnWriteArrayList<>(List.of(probe));
        List<String> acked = new CopyOnWriteArrayList<>();
        acked.add(probe.id());
        CompletableFuture<Void> streamDone = new CompletableFuture<>();
        subscriptions.add(Flux.range(0, EVENTS)
                .concatMap(i -> Mono.delay(Duration.ofMillis(5)).then(Mono.defer(() -> {
                    Event e = RelayHarness.signed(keys, 1, RelayHarness.now(), "stream " + i, List.of());
                    published.add(e);
                    return publisher.publish(e);
                })))
                .subscribe(ok -> {
                    if (ok.accepted()) {
                        acked.add(ok.eventId());
                    }
                }, streamDone::completeExceptionally, () -> streamDone.complete(null)));

        eventually("acknowledgements before the kill", () -> acked.size() >= KILL_AFTER_ACKS);
        KilledChild.sigkill(a.process());
        List<String> ackedByA = List.copyOf(acked);
        streamDone.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        Set<String> all = new HashSet<>();
        published.forEach(e -> all.add(e.id()));
        assertThat(acked).as("every publish acknowledged, by a or after the move by b").hasSize(EVENTS + 1);
        for (String url : List.of(b.url(), c.url())) {
            RelayClient reader = client(url);
            Set<String> stored = new HashSet<>();
            stored.addAll(reader.fetch(Filter.builder().ids(ackedByA).build()).map(Event::id).collectList()
                    .block(TIMEOUT));
            assertThat(stored).as("what a acknowledged before it died is readable on %s", url)
                    .containsExactlyInAnyOrderElementsOf(ackedByA);
        }

        eventually(() -> "every event delivered; distinct ids on b, c, the subscriber: " + distinct(onB) + ", "
                + distinct(onC) + ", " + distinct(onSubscriber) + " of " + all.size(),
                () -> distinct(onB) >= all.size() && distinct(onC) >= all.size() && distinct(onSubscriber) >= all.size());
        Thread.sleep(500); // late duplicates would arrive now
        assertThat(onB).as("live on b (never moved): each event once").containsExactlyInAnyOrderElementsOf(published);
        assertThat(onC).as("live on c (never moved): each event once").containsExactlyInAnyOrderElementsOf(published);
        assertThat(onSubscriber).as("the subscriber that moved from a to c: each event once, no gap")
                .containsExactlyInAnyOrderElementsOf(published);
    }
}
