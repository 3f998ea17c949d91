package io.reactivestore.relay.server;

import static io.reactivestore.relay.server.RelayHarness.note;
import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.RelayMessage;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Broken and hostile clients, end to end over loopback, each group of clients from its own 127.x
 * address (Linux routes all of 127.0.0.0/8 to the loopback interface): one address cannot take every
 * connection or subscription, stalled handshakes and dead peers are closed, a trusted proxy's header is
 * believed only from that proxy, and a publisher's OK does not wait for live deliveries.
 */
class HostileClientsTest {

    private static final Duration WAIT = RawClient.WAIT;

    private final RelayHarness harness = new RelayHarness();
    private final KeyPair alice = KeyPair.generate();
    private final List<RawSocket> sockets = new ArrayList<>();

    @AfterEach
    void tearDown() {
        sockets.forEach(RawSocket::close);
        harness.close();
    }

    private RawSocket socket(NostrRelay relay, String from) {
        RawSocket socket = RawSocket.open(relay.url(), from);
        sockets.add(socket);
        return socket;
    }

    /** Polls {@code condition} on the test thread until it holds, at most {@link #WAIT}. */
    private static void eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within %s", WAIT).isLessThan(deadline);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void oneAddressGetsItsConnectionBudgetAndNoMore() {
        NostrRelay relay = harness.start(o -> o.maxConnectionsPerAddress(2));
        RawClient first = harness.connect(relay, RawClient.Origin.from("127.0.0.2"));
        harness.connect(relay, RawClient.Origin.from("127.0.0.2"));

        assertThat(socket(relay, "127.0.0.2").upgrade()).startsWith("HTTP/1.1 429");
        assertThat(RawClient.refuses(relay.url(), RawClient.Origin.from("127.0.0.2"))).isTrue();
        RawClient other = harness.connect(relay, RawClient.Origin.from("127.0.0.3"));
        assertThat(other.query("q", Filter.builder().kinds(1).build())).isEmpty();

        first.close();
        eventually(() -> !RawClient.refuses(relay.url(), RawClient.Origin.from("127.0.0.2")));
    }

    @Test
    void stalledHandshakesCountAgainstTheBudgetsAndAreClosedAfterTheTimeout() {
        NostrRelay relay = harness.start(o -> o.maxConnectionsPerAddress(20).handshakeTimeout(Duration.ofSeconds(1)));
        List<RawSocket> stalled = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            stalled.add(socket(relay, "127.0.0.4").stallInHandshake());
        }
        eventually(() -> relay.budgets().openSockets() == 20); // accepted by the relay, not only by the kernel
        assertThat(socket(relay, "127.0.0.4").upgrade()).as("pending handshakes use the address's budget")
                .startsWith("HTTP/1.1 429");
        RawClient other = harness.connect(relay, RawClient.Origin.from("127.0.0.5"));
        assertThat(other.query("q", Filter.builder().kinds(1).build())).isEmpty();

        for (RawSocket socket : stalled) {
            assertThat(socket.closedWithin(WAIT)).as("stalled handshake closed").isTrue();
        }
        eventually(() -> !RawClient.refuses(relay.url(), RawClient.Origin.from("127.0.0.4")));
    }

    @Test
    void stalledHandshakesCountAgainstTheProcessBudget() {
        NostrRelay relay = harness.start(o -> o.maxConnections(5).handshakeTimeout(Duration.ofSeconds(1)));
        for (int i = 0; i < 5; i++) {
            socket(relay, "127.0.0.6").stallInHandshake();
        }
        eventually(() -> relay.budgets().openSockets() == 5); // accepted by the relay, not only by the kernel
        assertThat(socket(relay, "127.0.0.7").upgrade()).startsWith("HTTP/1.1 503");
        eventually(() -> relay.budgets().openSockets() == 0);
        assertThat(harness.connect(relay, RawClient.Origin.from("127.0.0.7")).query("q", Filter.builder().build()))
                .isEmpty();
    }

    @Test
    void aPeerThatNeverAnswersPingsIsClosedWhileAPoliteOneStays() {
        // generous for the polite client, whose pong must come within one interval on a loaded machine
        NostrRelay relay = harness.start(o -> o.pingInterval(Duration.ofSeconds(2)));
        RawSocket silent = socket(relay, "127.0.0.8");
        assertThat(silent.upgrade()).startsWith("HTTP/1.1 101");
        RawClient polite = harness.connect(relay, RawClient.Origin.from("127.0.0.9"));

        String frames = silent.readFramesUntilClosed(WAIT);
        assertThat(frames).as("opcodes received").contains("9 ");
        Event event = note(alice, "still served");
        assertThat(polite.publishAndAwait(event).accepted()).isTrue();
        assertThat(polite.query("q", Filter.builder().ids(event.id()).build())).containsExactly(event);
        assertThat(polite.isClosed()).isFalse();
    }

    @Test
    void connectionsWithoutSubscriptionsAreClosedAfterTheIdleTime() {
        NostrRelay relay = harness.start(o -> o.idleTimeout(Duration.ofMillis(500)));
        RawClient idle = harness.connect(relay, RawClient.Origin.from("127.0.0.10"));
        RawClient subscribed = harness.connect(relay, RawClient.Origin.from("127.0.0.11"));
        subscribed.query("live", Filter.builder().kinds(1).build());

        assertThat(idle.awaitClose()).isNotNull();
        Event event = note(alice, "the subscribed one stays");
        harness.connect(relay).publishAndAwait(event);
        assertThat(subscribed.skipTo(RelayMessage.EventMessage.class).event()).isEqualTo(event);
    }

    @Test
    void oneAddressGetsItsSubscriptionBudgetAcrossConnections() {
        NostrRelay relay = harness.start(o -> o.maxSubscriptionsPerAddress(3));
        RawClient a1 = harness.connect(relay, RawClient.Origin.from("127.0.0.12"));
        RawClient a2 = harness.connect(relay, RawClient.Origin.from("127.0.0.12"));
        Filter any = Filter.builder().kinds(1).build();
        a1.query("s1", any);
        a1.query("s2", any);
        a2.query("s3", any);
        a2.query("s3", any);

        a2.req("s4", any);
        RelayMessage.Closed closed = a2.skipTo(RelayMessage.Closed.class);
        assertThat(closed.subscriptionId()).isEqualTo("s4");
        assertThat(closed.message()).startsWith("blocked:");
        assertThat(harness.connect(relay, RawClient.Origin.from("127.0.0.13")).query("b", any)).isEmpty();

        a1.send("[\"CLOSE\",\"s1\"]");
        a1.send("[\"COUNT\",\"barrier\",{\"kinds\":[1]}]");
        a1.skipTo(RelayMessage.CountResult.class); // answered after the CLOSE: its slot is free
        assertThat(a2.query("s5", any)).isEmpty();
    }

    @Test
    void aForwardedAddressIsBelievedOnlyFromTheTrustedProxy() {
        Set<InetSocketAddress> seen = ConcurrentHashMap.newKeySet();
        NostrRelay relay = harness.start(o -> o.maxConnectionsPerAddress(1).trustedProxy("127.0.0.14")
                .onConnect(session -> seen.add(session.remoteAddress())));
        RawClient.Origin proxy = RawClient.Origin.from("127.0.0.14");

        harness.connect(relay, proxy.withHeader("X-Forwarded-For", "203.0.113.7"));
        assertThat(RawClient.refuses(relay.url(), proxy.withHeader("X-Forwarded-For", "203.0.113.7")))
                .as("the forwarded client's budget").isTrue();
        harness.connect(relay, proxy.withHeader("X-Real-IP", "203.0.113.8"));

        RawClient.Origin untrusted = RawClient.Origin.from("127.0.0.15");
        harness.connect(relay, untrusted.withHeader("X-Forwarded-For", "203.0.113.9"));
        assertThat(RawClient.refuses(relay.url(), untrusted.withHeader("X-Forwarded-For", "203.0.113.10")))
                .as("an untrusted peer is the client, whatever its headers say").isTrue();

        assertThat(seen).extracting(a -> a.getAddress().getHostAddress())
                .containsExactlyInAnyOrder("203.0.113.7", "203.0.113.8", "127.0.0.15");
    }

    @Test
    void thePublishersOkDoesNotWaitForLiveDeliveries() {
        NostrRelay relay = harness.start(o -> o.maxSubscriptionsPerAddress(1000));
        List<RawClient> hoarders = new ArrayList<>();
        for (int c = 0; c < 5; c++) {
            RawClient hoarder = harness.connect(relay, RawClient.Origin.from("127.0.0.16"));
            for (int s = 0; s < 20; s++) {
                hoarder.query("all" + s, Filter.builder().build());
            }
            hoarders.add(hoarder);
        }
        RawClient publisher = harness.connect(relay, RawClient.Origin.from("127.0.0.17"));
        Event first = note(alice, "first");
        Event second = note(alice, "second");
        LiveSubscription blocked = relay.core().index.matching(first).iterator().next();

        // While the test holds one subscription's monitor, the fan-out thread cannot finish delivering
        // `first`: an OK that waited for deliveries would never come.
        synchronized (blocked) {
            assertThat(publisher.publishAndAwait(first).accepted()).isTrue();
            assertThat(publisher.publishAndAwait(second).accepted()).isTrue();
            assertThat(relay.core().inFlight.contains(first.id())).as("first still being delivered").isTrue();
        }

        for (RawClient hoarder : hoarders) {
            Map<String, List<String>> bySubscription = new ConcurrentHashMap<>();
            for (int i = 0; i < 40; i++) {
                RelayMessage.EventMessage e = hoarder.skipTo(RelayMessage.EventMessage.class);
                bySubscription.computeIfAbsent(e.subscriptionId(), k -> new ArrayList<>()).add(e.event().id());
            }
            assertThat(bySubscription).hasSize(20);
            assertThat(bySubscription.values()).allSatisfy(ids -> assertThat(ids).containsExactly(first.id(), second.id()));
            hoarder.assertNothingWithin(Duration.ofMillis(200));
        }
    }
}
