package io.reactivestore.relay.server;

import static io.reactivestore.relay.server.RelayHarness.note;
import static io.reactivestore.relay.server.RelayHarness.now;
import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.UnsignedEvent;
import io.reactivestore.relay.message.ClientMessage;
import io.reactivestore.relay.message.RelayMessage;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * NIP-42 under auth-required, end to end over loopback: the challenge comes first, restricted reads and
 * writes are refused with {@code auth-required:} on CLOSED and OK, every malformed AUTH (wrong relay,
 * wrong kind, stale, bad signature, another connection's challenge) is refused with {@code invalid:} and
 * leaves the connection unauthenticated, and the refused operation works after a valid AUTH on the same
 * connection. Reads and writes are checked separately.
 */
class AuthRequiredTest {

    private final RelayHarness harness = new RelayHarness();
    private final KeyPair alice = KeyPair.generate();
    private final KeyPair bob = KeyPair.generate();

    @AfterEach
    void tearDown() {
        harness.close();
    }

    /** A connected client and the challenge the relay sent it as its first message. */
    private record Session(RawClient client, String challenge) {
    }

    private Session connect(NostrRelay relay) {
        RawClient client = RawClient.connect(relay.url());
        RelayMessage first = client.next();
        assertThat(first).as("the challenge comes before anything else").isInstanceOf(RelayMessage.AuthChallenge.class);
        harness.track(client);
        return new Session(client, ((RelayMessage.AuthChallenge) first).challenge());
    }

    private NostrRelay start(Consumer<RelayOptions.Builder> options) {
        return harness.start(options);
    }

    private static Event auth(KeyPair keys, int kind, long createdAt, String relay, String challenge) {
        return keys.sign(new UnsignedEvent(createdAt, kind,
                List.of(List.of("relay", relay), List.of("challenge", challenge)), ""));
    }

    private static RelayMessage.Ok sendAuth(RawClient client, Event auth) {
        client.send(new ClientMessage.Auth(auth));
        RelayMessage.Ok ok = client.skipTo(RelayMessage.Ok.class);
        assertThat(ok.eventId()).isEqualTo(auth.id());
        return ok;
    }

    private static void assertAuthRequiredForRead(RawClient client, String subId) {
        client.req(subId, Filter.builder().kinds(1).build());
        RelayMessage.Closed closed = client.skipTo(RelayMessage.Closed.class);
        assertThat(closed.subscriptionId()).isEqualTo(subId);
        assertThat(closed.message()).startsWith("auth-required: ");
        client.send(new ClientMessage.Count("c-" + subId, List.of(Filter.builder().kinds(1).build())));
        RelayMessage.Closed count = client.skipTo(RelayMessage.Closed.class);
        assertThat(count.subscriptionId()).isEqualTo("c-" + subId);
        assertThat(count.message()).startsWith("auth-required: ");
    }

    private static void assertAuthRequiredForWrite(RawClient client, Event event) {
        RelayMessage.Ok ok = client.publishAndAwait(event);
        assertThat(ok.accepted()).isFalse();
        assertThat(ok.message()).startsWith("auth-required: ");
    }

    @Test
    void everyBadAuthIsRefusedAsInvalidAndLeavesTheConnectionUnauthenticated() {
        NostrRelay relay = start(o -> o.authRequiredForReads(true).authRequiredForWrites(true));
        Session s = connect(relay);
        Session other = connect(relay);
        String url = relay.url();
        Event bobsNote = note(bob, "written before auth");

        List<Event> bad = List.of(
                auth(alice, 22242, now(), "ws://127.0.0.1:1/", s.challenge()), // another relay's port
                auth(alice, 22242, now(), "ws://example.com:" + relay.port() + "/", s.challenge()), // host
                auth(alice, 1, now(), url, s.challenge()), // wrong kind
                auth(alice, 22242, now() - 3600, url, s.challenge()), // stale
                auth(alice, 22242, now() + 3600, url, s.challenge()), // from the future
                auth(alice, 22242, now(), url, other.challenge())); // another connection's challenge
        for (Event event : bad) {
            RelayMessage.Ok ok = sendAuth(s.client(), event);
            assertThat(ok.accepted()).as("%s", event.tags()).isFalse();
            assertThat(ok.message()).startsWith("invalid: ");
        }
        Event good = auth(alice, 22242, now(), url, s.challenge());
        Event forged = Event.of(good.id(), good.pubkey(), good.createdAt(), good.kind(), good.tags(), good.content(),
                auth(alice, 22242, now(), url, "other").sig());
        RelayMessage.Ok badSignature = sendAuth(s.client(), forged);
        assertThat(badSignature.accepted()).isFalse();
        assertThat(badSignature.message()).startsWith("invalid: ");

        assertAuthRequiredForRead(s.client(), "r");
        assertAuthRequiredForWrite(s.client(), bobsNote);
    }

    @Test
    void anAuthReplayedOnAnotherConnectionIsRefused() {
        NostrRelay relay = start(o -> o.authRequiredForReads(true).authRequiredForWrites(true));
        Session first = connect(relay);
        Session second = connect(relay);
        Event auth = auth(alice, 22242, now(), relay.url(), first.challenge());
        assertThat(sendAuth(first.client(), auth).accepted()).isTrue();

        RelayMessage.Ok replayed = sendAuth(second.client(), auth);

        assertThat(replayed.accepted()).isFalse();
        assertThat(replayed.message()).startsWith("invalid: ");
        assertAuthRequiredForRead(second.client(), "r");
        assertAuthRequiredForWrite(second.client(), note(alice, "not with a replayed AUTH"));
        assertThat(first.client().query("ok", Filter.builder().kinds(1).limit(1).build())).isEmpty();
    }

    @Test
    void readsNeedAuthAndTheRefusedReadWorksAfterAuthOnTheSameConnection() {
        NostrRelay relay = start(o -> o.authRequiredForReads(true));
        Session s = connect(relay);
        Event note = note(bob, "writes are open");
        assertThat(s.client().publishAndAwait(note).accepted()).as("writes need no AUTH here").isTrue();
        assertAuthRequiredForRead(s.client(), "r");

        assertThat(sendAuth(s.client(), auth(alice, 22242, now(), relay.url(), s.challenge())).accepted()).isTrue();

        assertThat(s.client().query("r", Filter.builder().kinds(1).build())).containsExactly(note);
        s.client().send(new ClientMessage.Count("c", List.of(Filter.builder().kinds(1).build())));
        assertThat(s.client().skipTo(RelayMessage.CountResult.class).count()).isEqualTo(1);
    }

    @Test
    void writesNeedAuthAndTheRefusedWriteWorksAfterAuthOnTheSameConnection() {
        NostrRelay relay = start(o -> o.authRequiredForWrites(true));
        Session s = connect(relay);
        Event note = note(alice, "members only");
        assertThat(s.client().query("r", Filter.builder().kinds(1).build())).as("reads need no AUTH here").isEmpty();
        assertAuthRequiredForWrite(s.client(), note);

        assertThat(sendAuth(s.client(), auth(alice, 22242, now(), relay.url(), s.challenge())).accepted()).isTrue();

        assertThat(s.client().publishAndAwait(note).accepted()).isTrue();
        RelayMessage.Ok bobs = s.client().publishAndAwait(note(bob, "not alice's"));
        assertThat(bobs.accepted()).isFalse();
        assertThat(bobs.message()).startsWith("restricted: ");
        assertThat(s.client().query("r2", Filter.builder().kinds(1).build())).containsExactly(note);
    }

    @Test
    void theSameAuthAgainOnItsOwnConnectionChangesNothing() {
        NostrRelay relay = start(o -> o.authRequiredForReads(true).authRequiredForWrites(true));
        Session s = connect(relay);
        Event auth = auth(alice, 22242, now(), relay.url(), s.challenge());
        assertThat(sendAuth(s.client(), auth).accepted()).isTrue();

        assertThat(sendAuth(s.client(), auth).accepted()).isTrue();
        Event note = note(alice, "after two AUTHs");
        assertThat(s.client().publishAndAwait(note).accepted()).isTrue();
        assertThat(s.client().query("r", Filter.builder().kinds(1).build())).containsExactly(note);
    }
}
