package io.reactivestore.relay.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.UnsignedEvent;
import io.reactivestore.relay.client.OkResult;
import io.reactivestore.relay.client.RelayClient;
import io.reactivestore.relay.client.RelayClientException;
import io.reactivestore.relay.client.RelayClientOptions;
import io.reactivestore.relay.client.SubscriptionItem;
import io.reactivestore.relay.message.ClientMessage;
import io.reactivestore.relay.message.MessageJson;
import io.reactivestore.relay.message.RelayMessage;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class WebSocketRelayClientTest {

    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final KeyPair AUTHOR = KeyPair.generate();

    private ScriptedRelay relay;
    private RelayClient client;

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.closeBlocking();
        }
        if (relay != null) {
            relay.close();
        }
    }

    // ---------------------------------------------------------------- publish

    @Test
    void publishCorrelatesOkAnswersByEventIdWhateverTheirOrder() {
        Event first = note("first");
        Event second = note("second");
        List<Event> held = new ArrayList<>();
        relay = ScriptedRelay.start((conn, text) -> {
            if (parse(text) instanceof ClientMessage.Publish p) {
                held.add(p.event());
                if (held.size() == 2) {
                    conn.send(ok(held.get(1).id(), false, "blocked: not you"));
                    conn.send(ok(held.get(0).id(), true, ""));
                }
            }
        });
        client = RelayClient.create(relay.url());

        StepVerifier.create(Mono.zip(client.publish(first), client.publish(second)))
                .assertNext(both -> {
                    OkResult a = both.getT1();
                    OkResult b = both.getT2();
                    assertThat(a.eventId()).isEqualTo(first.id());
                    assertThat(b.eventId()).isEqualTo(second.id());
                    assertThat(a.accepted() ^ b.accepted()).isTrue();
                    OkResult rejected = a.accepted() ? b : a;
                    assertThat(rejected.prefix()).isEqualTo("blocked");
                    assertThat(rejected.message()).isEqualTo("blocked: not you");
                })
                .expectComplete().verify(BOUND);
    }

    @Test
    void publishWithoutAnswerFailsWithTimeout() {
        relay = ScriptedRelay.start((conn, text) -> { });
        client = RelayClient.create(RelayClientOptions.builder(relay.url())
                .requestTimeout(Duration.ofMillis(300)).build());

        StepVerifier.create(client.publish(note("unanswered")))
                .expectErrorSatisfies(e -> assertThat(e)
                        .isInstanceOf(RelayClientException.Timeout.class)
                        .hasMessageContaining("publish"))
                .verify(BOUND);
    }

    @Test
    void duplicateAnswerIsAccepted() {
        relay = ScriptedRelay.start(answeringPublishes(true, "duplicate: have it"));
        client = RelayClient.create(relay.url());

        StepVerifier.create(client.publish(note("again")))
                .assertNext(ok -> {
                    assertThat(ok.accepted()).isTrue();
                    assertThat(ok.isDuplicate()).isTrue();
                })
                .expectComplete().verify(BOUND);
    }

    // ---------------------------------------------------------------- subscribe

    @Test
    void subscriptionShowsStoredThenEndOfStoredThenLiveAndCancelSendsClose() throws Exception {
        Event stored = note("stored");
        Event live = note("live");
        relay = ScriptedRelay.start((conn, text) -> {
            if (parse(text) instanceof ClientMessage.Req r) {
                conn.send(event(r.subscriptionId(), stored));
                conn.send(eose(r.subscriptionId()));
                conn.send(event(r.subscriptionId(), live));
            }
        });
        client = RelayClient.create(relay.url());

        StepVerifier.create(client.subscribe(List.of(Filter.builder().kinds(1).build())))
                .expectNext(new SubscriptionItem.Stored(stored))
                .expectNext(SubscriptionItem.EndOfStored.INSTANCE)
                .expectNext(new SubscriptionItem.Live(live))
                .thenCancel()
                .verify(BOUND);

        ClientMessage.Req req = (ClientMessage.Req) parse(relay.next("REQ").text());
        assertThat(req.filters()).containsExactly(Filter.builder().kinds(1).build());
        ClientMessage.Close close = (ClientMessage.Close) parse(relay.next("CLOSE").text());
        assertThat(close.subscriptionId()).isEqualTo(req.subscriptionId());
    }

    @Test
    void relayClosedEndsTheSubscriptionWithThePrefixedReason() {
        relay = ScriptedRelay.start((conn, text) -> {
            if (parse(text) instanceof ClientMessage.Req r) {
                conn.send(eose(r.subscriptionId()));
                conn.send(closed(r.subscriptionId(), "restricted: members only"));
            }
        });
        client = RelayClient.create(relay.url());

        StepVerifier.create(client.subscribe(List.of(Filter.ALL)))
                .expectNext(SubscriptionItem.EndOfStored.INSTANCE)
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(RelayClientException.ClosedByRelay.class);
                    RelayClientException.ClosedByRelay closed = (RelayClientException.ClosedByRelay) e;
                    assertThat(closed.prefix()).isEqualTo("restricted");
                    assertThat(closed.reason()).isEqualTo("restricted: members only");
                    assertThat(closed.isTransient()).isFalse();
                })
                .verify(BOUND);
    }

    @Test
    void fetchCompletesAtEndOfStoredAndSendsClose() throws Exception {
        Event newer = note("newer");
        Event older = note("older");
        relay = ScriptedRelay.start((conn, text) -> {
            if (parse(text) instanceof ClientMessage.Req r) {
                conn.send(event(r.subscriptionId(), newer));
                conn.send(event(r.subscriptionId(), older));
                conn.send(eose(r.subscriptionId()));
            }
        });
        client = RelayClient.create(relay.url());

        StepVerifier.create(client.fetch(List.of(Filter.ALL)))
                .expectNext(newer, older)
                .expectComplete().verify(BOUND);
        String sub = ((ClientMessage.Req) parse(relay.next("REQ").text())).subscriptionId();
        assertThat(((ClientMessage.Close) parse(relay.next("CLOSE").text())).subscriptionId()).isEqualTo(sub);
    }

    @Test
    void manySubscriptionsAndPublishesShareOneConnection() throws Exception {
        relay = ScriptedRelay.start((conn, text) -> {
            ClientMessage m = parse(text);
            if (m instanceof ClientMessage.Req r) {
                conn.send(eose(r.subscriptionId()));
            } else if (m instanceof ClientMessage.Publish p) {
                conn.send(ok(p.event().id(), true, ""));
            }
        });
        client = RelayClient.create(relay.url());

        for (int i = 0; i < 5; i++) {
            StepVerifier.create(client.subscribe(List.of(Filter.builder().kinds(i).build())))
                    .expectNext(SubscriptionItem.EndOfStored.INSTANCE)
                    .thenCancel()
                    .verify(BOUND);
            StepVerifier.create(client.publish(note("n" + i))).expectNextMatches(OkResult::accepted).expectComplete().verify(BOUND);
        }
        assertThat(relay.connections()).hasSize(1);
    }

    @Test
    void slowConsumerOverflowsItsBoundedBufferAndTheClientSendsClose() throws Exception {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            events.add(note("e" + i));
        }
        relay = ScriptedRelay.start((conn, text) -> {
            if (parse(text) instanceof ClientMessage.Req r) {
                events.forEach(e -> conn.send(event(r.subscriptionId(), e)));
            }
        });
        client = RelayClient.create(RelayClientOptions.builder(relay.url())
                .subscriptionBufferSize(5).verifySignatures(false).build());

        StepVerifier.create(client.subscribe(List.of(Filter.ALL)), 0)
                .expectSubscription()
                .then(() -> awaitUnchecked(() -> relay.next("CLOSE")))
                .thenRequest(100)
                .expectNextCount(5)
                .expectError(RelayClientException.Overflow.class)
                .verify(BOUND);
    }

    @Test
    void malformedRelayMessagesAreIgnoredAndTheConnectionKeepsWorking() {
        relay = ScriptedRelay.start((conn, text) -> {
            if (parse(text) instanceof ClientMessage.Req r) {
                conn.send("not json");
                conn.send("[\"EVENT\",\"" + r.subscriptionId() + "\",{\"id\":1}]");
                conn.send("[\"WHAT\"]");
                conn.send(eose(r.subscriptionId()));
            }
        });
        client = RelayClient.create(relay.url());

        StepVerifier.create(client.subscribe(List.of(Filter.ALL)))
                .expectNext(SubscriptionItem.EndOfStored.INSTANCE)
                .thenCancel()
                .verify(BOUND);
    }

    @Test
    void eventsWithABadIdOrSignatureAreDropped() {
        Event good = note("good");
        Event other = note("other");
        String forged = other.toJson().replace("\"content\":\"other\"", "\"content\":\"forged\"");
        relay = ScriptedRelay.start((conn, text) -> {
            if (parse(text) instanceof ClientMessage.Req r) {
                conn.send("[\"EVENT\",\"" + r.subscriptionId() + "\"," + forged + "]");
                conn.send(event(r.subscriptionId(), good));
                conn.send(eose(r.subscriptionId()));
            }
        });
        client = RelayClient.create(relay.url());

        StepVerifier.create(client.fetch(List.of(Filter.ALL)))
                .expectNext(good)
                .expectComplete().verify(BOUND);
    }

    @Test
    void noticesReachSubscribers() {
        relay = ScriptedRelay.start((conn, text) -> {
            if (parse(text) instanceof ClientMessage.Req r) {
                conn.send("[\"NOTICE\",\"slow down\"]");
                conn.send(eose(r.subscriptionId()));
            }
        });
        client = RelayClient.create(relay.url());

        StepVerifier.create(client.notices().next().zipWith(client.fetch(List.of(Filter.ALL)).then(Mono.just(0))))
                .assertNext(t -> assertThat(t.getT1()).isEqualTo("slow down"))
                .expectComplete().verify(BOUND);
    }

    // ---------------------------------------------------------------- count

    @Test
    void countReturnsTheRelaysCountAndARefusalIsClosedByRelay() {
        relay = ScriptedRelay.start((conn, text) -> {
            if (parse(text) instanceof ClientMessage.Count c) {
                if (c.filters().get(0).kinds().contains(4)) {
                    conn.send(closed(c.subscriptionId(), "auth-required: cannot count DMs"));
                } else {
                    conn.send("[\"COUNT\",\"" + c.subscriptionId() + "\",{\"count\":42}]");
                }
            }
        });
        client = RelayClient.create(relay.url());

        StepVerifier.create(client.count(List.of(Filter.builder().kinds(1).build())))
                .expectNext(42L)
                .expectComplete().verify(BOUND);
        StepVerifier.create(client.count(List.of(Filter.builder().kinds(4).build())))
                .expectErrorSatisfies(e -> assertThat(((RelayClientException.ClosedByRelay) e).prefix())
                        .isEqualTo("auth-required"))
                .verify(BOUND);
    }

    // ---------------------------------------------------------------- AUTH

    @Test
    void answersTheAuthChallengeAndRetriesAPublishThatNeededIt() throws Exception {
        KeyPair me = KeyPair.generate();
        boolean[] authed = {false};
        relay = ScriptedRelay.start(new ScriptedRelay.Script() {
            @Override
            public void onConnect(ScriptedRelay.Conn conn) {
                conn.send("[\"AUTH\",\"challenge-123\"]");
            }

            @Override
            public void onMessage(ScriptedRelay.Conn conn, String text) {
                ClientMessage m = parse(text);
                if (m instanceof ClientMessage.Auth a) {
                    authed[0] = true;
                    conn.send(ok(a.event().id(), true, ""));
                } else if (m instanceof ClientMessage.Publish p) {
                    conn.send(authed[0] ? ok(p.event().id(), true, "")
                            : ok(p.event().id(), false, "auth-required: log in first"));
                }
            }
        });
        client = RelayClient.create(RelayClientOptions.builder(relay.url()).authKey(me).build());

        StepVerifier.create(client.publish(note("members only")))
                .expectNextMatches(OkResult::accepted)
                .expectComplete().verify(BOUND);

        Event auth = ((ClientMessage.Auth) parse(relay.next("AUTH").text())).event();
        assertThat(auth.kind()).isEqualTo(22242);
        assertThat(auth.pubkey()).isEqualTo(me.publicKey());
        assertThat(auth.firstTagValue("challenge")).isEqualTo("challenge-123");
        assertThat(auth.firstTagValue("relay")).isEqualTo(relay.url());
        assertThat(auth.hasValidId() && auth.hasValidSignature()).isTrue();
    }

    @Test
    void aSubscriptionClosedAuthRequiredIsSentAgainOnceAuthenticated() throws Exception {
        Event secret = note("secret");
        boolean[] authed = {false};
        relay = ScriptedRelay.start((conn, text) -> {
            ClientMessage m = parse(text);
            if (m instanceof ClientMessage.Req r) {
                if (authed[0]) {
                    conn.send(event(r.subscriptionId(), secret));
                    conn.send(eose(r.subscriptionId()));
                } else {
                    conn.send("[\"AUTH\",\"late-challenge\"]");
                    conn.send(closed(r.subscriptionId(), "auth-required: members only"));
                }
            } else if (m instanceof ClientMessage.Auth a) {
                authed[0] = true;
                conn.send(ok(a.event().id(), true, ""));
            }
        });
        client = RelayClient.create(RelayClientOptions.builder(relay.url()).authKey(KeyPair.generate()).build());

        StepVerifier.create(client.fetch(List.of(Filter.ALL)))
                .expectNext(secret)
                .expectComplete().verify(BOUND);
        assertThat(relay.next("REQ").text()).isEqualTo(relay.next("REQ").text());
    }

    @Test
    void withoutAKeyAnAuthRequiredAnswerIsReturnedAsIs() {
        relay = ScriptedRelay.start(new ScriptedRelay.Script() {
            @Override
            public void onConnect(ScriptedRelay.Conn conn) {
                conn.send("[\"AUTH\",\"c\"]");
            }

            @Override
            public void onMessage(ScriptedRelay.Conn conn, String text) {
                if (parse(text) instanceof ClientMessage.Publish p) {
                    conn.send(ok(p.event().id(), false, "auth-required: log in first"));
                }
            }
        });
        client = RelayClient.create(relay.url());

        StepVerifier.create(client.publish(note("x")))
                .assertNext(ok -> assertThat(ok.prefix()).isEqualTo("auth-required"))
                .expectComplete().verify(BOUND);
    }

    // ---------------------------------------------------------------- reconnect

    @Test
    void afterADropPendingPublishesAreResentAndSubscriptionsResumeLive() throws Exception {
        Event published = note("published during the drop");
        Event missed = note("stored while disconnected");
        relay = ScriptedRelay.start((conn, text) -> {
            ClientMessage m = parse(text);
            if (conn.number == 0) {
                if (m instanceof ClientMessage.Req r) {
                    conn.send(eose(r.subscriptionId()));
                } else if (m instanceof ClientMessage.Publish) {
                    conn.drop();
                }
            } else if (m instanceof ClientMessage.Req r) {
                conn.send(event(r.subscriptionId(), missed));
                conn.send(eose(r.subscriptionId()));
            } else if (m instanceof ClientMessage.Publish p) {
                conn.send(ok(p.event().id(), true, "duplicate: already have it"));
            }
        });
        client = RelayClient.create(RelayClientOptions.builder(relay.url())
                .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(50)).build());

        StepVerifier.create(client.subscribe(List.of(Filter.builder().kinds(1).tag("t", "x").limit(50).build())))
                .expectNext(SubscriptionItem.EndOfStored.INSTANCE)
                .then(() -> StepVerifier.create(client.publish(published))
                        .expectNextMatches(OkResult::accepted)
                        .expectComplete().verify(BOUND))
                .expectNext(new SubscriptionItem.Live(missed))
                .thenCancel()
                .verify(BOUND);

        assertThat(relay.connections()).hasSize(2);
        ScriptedRelay.Received firstReq = relay.next("REQ");
        ScriptedRelay.Received resumedReq = relay.next("REQ");
        assertThat(firstReq.connection()).isZero();
        assertThat(resumedReq.connection()).isEqualTo(1);
        Filter resumed = ((ClientMessage.Req) parse(resumedReq.text())).filters().get(0);
        assertThat(resumed.limit()).isNull();
        assertThat(resumed.kinds()).containsExactly(1);
        assertThat(resumed.tags()).isEqualTo(Map.of("t", Set.of("x")));
        assertThat(resumed.since()).isNotNull();
    }

    @Test
    void aSubscriptionResentBeforeEndOfStoredSkipsEventsAlreadyDelivered() {
        Event a = note("a");
        Event b = note("b");
        relay = ScriptedRelay.start((conn, text) -> {
            if (parse(text) instanceof ClientMessage.Req r) {
                conn.send(event(r.subscriptionId(), a));
                if (conn.number == 0) {
                    conn.drop();
                } else {
                    conn.send(event(r.subscriptionId(), b));
                    conn.send(eose(r.subscriptionId()));
                }
            }
        });
        client = RelayClient.create(RelayClientOptions.builder(relay.url())
                .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(50)).build());

        StepVerifier.create(client.fetch(List.of(Filter.ALL)))
                .expectNext(a, b)
                .expectComplete().verify(BOUND);
    }

    @Test
    void aPendingCountIsSentAgainAfterADrop() throws Exception {
        relay = ScriptedRelay.start((conn, text) -> {
            if (parse(text) instanceof ClientMessage.Count c) {
                if (conn.number == 0) {
                    conn.drop();
                } else {
                    conn.send("[\"COUNT\",\"" + c.subscriptionId() + "\",{\"count\":7}]");
                }
            }
        });
        client = RelayClient.create(RelayClientOptions.builder(relay.url())
                .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(50)).build());

        StepVerifier.create(client.count(List.of(Filter.ALL)))
                .expectNext(7L)
                .expectComplete().verify(BOUND);
        assertThat(relay.next("COUNT").connection()).isZero();
        assertThat(relay.next("COUNT").connection()).isEqualTo(1);
    }

    @Test
    void tooManyPendingPublishesFailWithOverflowAndTheOthersStillComplete() {
        Event first = note("first");
        Event second = note("second");
        List<Event> held = new ArrayList<>();
        relay = ScriptedRelay.start((conn, text) -> {
            ClientMessage m = parse(text);
            if (m instanceof ClientMessage.Publish p) {
                held.add(p.event());
            } else if (m instanceof ClientMessage.Count c) {
                held.forEach(e -> conn.send(ok(e.id(), true, "")));
                conn.send("[\"COUNT\",\"" + c.subscriptionId() + "\",{\"count\":" + held.size() + "}]");
            }
        });
        client = RelayClient.create(RelayClientOptions.builder(relay.url()).maxPendingRequests(1).build());

        Mono<String> secondThenCount = client.publish(second)
                .map(ok -> "published")
                .onErrorResume(RelayClientException.Overflow.class, e -> Mono.just("overflow"))
                .flatMap(outcome -> client.count(List.of(Filter.ALL)).map(n -> outcome + ", relay saw " + n));
        StepVerifier.create(Mono.zip(client.publish(first), secondThenCount))
                .assertNext(both -> {
                    assertThat(both.getT1().accepted()).isTrue();
                    assertThat(both.getT2()).isEqualTo("overflow, relay saw 1");
                })
                .expectComplete().verify(BOUND);
    }

    @Test
    void givesUpAfterTheConfiguredAttemptsWithConnectionFailed() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        client = RelayClient.create(RelayClientOptions.builder("ws://127.0.0.1:" + port + "/")
                .maxReconnectAttempts(2)
                .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(20)).build());

        StepVerifier.create(client.connect())
                .expectError(RelayClientException.ConnectionFailed.class)
                .verify(BOUND);
        StepVerifier.create(client.publish(note("late")))
                .expectError(RelayClientException.ConnectionFailed.class)
                .verify(BOUND);
    }

    @Test
    void aRelayThatDropsEveryConnectionIsNotRetriedForeverWhenAttemptsAreBounded() {
        relay = ScriptedRelay.start((conn, text) -> {
            if (parse(text) instanceof ClientMessage.Req) {
                conn.drop();
            }
        });
        client = RelayClient.create(RelayClientOptions.builder(relay.url())
                .maxReconnectAttempts(3)
                .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(40)).build());

        StepVerifier.create(client.subscribe(List.of(Filter.ALL)))
                .expectError(RelayClientException.ConnectionFailed.class)
                .verify(BOUND);
        assertThat(relay.connections()).hasSize(4);
    }

    @Test
    void closeCompletesSubscriptionsAndFailsPendingRequests() {
        relay = ScriptedRelay.start((conn, text) -> {
            if (parse(text) instanceof ClientMessage.Req r) {
                conn.send(eose(r.subscriptionId()));
            }
        });
        client = RelayClient.create(relay.url());
        Mono<OkResult> pending = client.publish(note("never answered")).cache();

        StepVerifier.create(client.subscribe(List.of(Filter.ALL)))
                .expectNext(SubscriptionItem.EndOfStored.INSTANCE)
                .then(() -> pending.subscribe(ok -> { }, e -> { }))
                .then(() -> client.close().subscribe())
                .expectComplete().verify(BOUND);
        StepVerifier.create(pending).expectError(RelayClientException.ClientClosed.class).verify(BOUND);
        StepVerifier.create(client.count(List.of(Filter.ALL)))
                .expectError(RelayClientException.ClientClosed.class)
                .verify(BOUND);
    }

    @Test
    void optionsRejectBadValues() {
        assertThatThrownBy(() -> RelayClientOptions.builder("http://x").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RelayClientOptions.builder("ws://x").subscriptionBufferSize(0).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RelayClientOptions.builder("ws://x")
                .reconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RelayClient.create("ws://x").subscribe(List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void okPrefixIsTheWordBeforeTheColon() {
        assertThat(OkResult.prefixOf("rate-limited: slow down")).isEqualTo("rate-limited");
        assertThat(OkResult.prefixOf("")).isEmpty();
        assertThat(OkResult.prefixOf("no prefix here")).isEmpty();
        assertThat(OkResult.prefixOf("Has Spaces: x")).isEmpty();
    }

    // ---------------------------------------------------------------- helpers

    private static Event note(String content) {
        return AUTHOR.sign(UnsignedEvent.of(1, content));
    }

    private static ClientMessage parse(String text) {
        return MessageJson.parseClientMessage(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String write(RelayMessage message) {
        return new String(MessageJson.write(message), StandardCharsets.UTF_8);
    }

    private static String ok(String id, boolean accepted, String message) {
        return write(new RelayMessage.Ok(id, accepted, message));
    }

    private static String event(String sub, Event event) {
        return write(new RelayMessage.EventMessage(sub, event));
    }

    private static String eose(String sub) {
        return write(new RelayMessage.Eose(sub));
    }

    private static String closed(String sub, String reason) {
        return write(new RelayMessage.Closed(sub, reason));
    }

    private static ScriptedRelay.Script answeringPublishes(boolean accepted, String message) {
        return (conn, text) -> {
            if (parse(text) instanceof ClientMessage.Publish p) {
                conn.send(ok(p.event().id(), accepted, message));
            }
        };
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static void awaitUnchecked(ThrowingRunnable action) {
        try {
            action.run();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

}
