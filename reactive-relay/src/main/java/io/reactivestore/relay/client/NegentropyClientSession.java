package io.reactivestore.relay.client;

import io.reactivestore.event.Filter;
import io.reactivestore.negentropy.Negentropy;
import io.reactivestore.relay.message.NegentropyMessage;
import io.reactivestore.relay.message.NegentropyMessages;
import io.reactivestore.negentropy.NegentropyStorage;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Schedulers;

/**
 * The initiator's side of one NIP-77 session of {@link WebSocketRelayClient}. One relay answer is
 * reconciled at a time, on Reactor's parallel scheduler; the next {@code NEG-MSG} is sent only while the
 * subscriber has outstanding demand, so at most one round waits in the sink.
 */
final class NegentropyClientSession {

    private static final HexFormat HEX = HexFormat.of();

    private final String id;
    private final Filter filter;
    private final Negentropy negentropy;
    private final ClientConnection connection;
    private final Consumer<byte[]> send;
    private @Nullable FluxSink<NegentropyRound> sink;
    private byte @Nullable [] pendingNext;
    private int round;
    private long bytesSent;
    private long bytesReceived;
    private boolean done;

    NegentropyClientSession(String id, Filter filter, NegentropyStorage storage, int frameSizeLimit,
            ClientConnection connection, Consumer<byte[]> send) {
        this.id = id;
        this.filter = filter;
        this.negentropy = new Negentropy(storage, frameSizeLimit);
        this.connection = connection;
        this.send = send;
    }

    private FluxSink<NegentropyRound> sink() {
        return Objects.requireNonNull(sink, "bound before the session is registered");
    }

    ClientConnection connection() {
        return connection;
    }

    String id() {
        return id;
    }

    /** Binds the sink; before the session is registered, so that errors always find it. */
    synchronized void bind(FluxSink<NegentropyRound> value) {
        this.sink = value;
        value.onRequest(n -> sendPending());
    }

    /** Sends {@code NEG-OPEN}; after the session is registered, so that the answer finds it. */
    synchronized void open() {
        byte[] initial = negentropy.initiate();
        bytesSent += initial.length;
        send.accept(NegentropyMessages.write(new NegentropyMessage.Open(id, filter, initial)));
    }

    /** A {@code NEG-MSG} from the relay: reconciled off the event loop. */
    void onMessage(byte[] message) {
        Schedulers.parallel().schedule(() -> reconcile(message));
    }

    private void reconcile(byte[] message) {
        List<String> have = new ArrayList<>();
        List<String> need = new ArrayList<>();
        byte[] next;
        NegentropyRound emitted;
        synchronized (this) {
            if (done) {
                return;
            }
            bytesReceived += message.length;
            try {
                next = negentropy.reconcile(message, id -> have.add(HEX.formatHex(id)), id -> need.add(HEX.formatHex(id)));
            } catch (RuntimeException e) {
                done = true;
                send.accept(NegentropyMessages.write(new NegentropyMessage.Close(id)));
                sink().error(e);
                return;
            }
            round++;
            if (next != null) {
                bytesSent += next.length;
            }
            emitted = new NegentropyRound(have, need, round, bytesSent, bytesReceived, negentropy.recordsSettled(),
                    next == null);
            if (next == null) {
                done = true;
            } else {
                pendingNext = next;
            }
        }
        sink().next(emitted);
        if (next == null) {
            send.accept(NegentropyMessages.write(new NegentropyMessage.Close(id)));
            sink().complete();
        } else {
            sendPending();
        }
    }

    /** Sends the next message once the subscriber wants another round. */
    private void sendPending() {
        byte[] next;
        synchronized (this) {
            if (pendingNext == null || sink().requestedFromDownstream() <= 0) {
                return;
            }
            next = pendingNext;
            pendingNext = null;
        }
        send.accept(NegentropyMessages.write(new NegentropyMessage.Msg(id, next)));
    }

    /** The relay refused or ended the session. */
    void onError(Throwable error) {
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
        }
        sink().error(error);
    }

    /** Cancelled by the subscriber: tells the relay, unless the session already ended. */
    void cancelled() {
        boolean wasOpen;
        synchronized (this) {
            wasOpen = !done;
            done = true;
        }
        if (wasOpen) {
            send.accept(NegentropyMessages.write(new NegentropyMessage.Close(id)));
        }
    }
}
