package io.reactivestore.relay.management;

import io.reactivestore.store.KeyValueStore;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * The relay's NIP-86 state: its lists (banned and allowed pubkeys, banned events, allowed kinds, blocked IP
 * addresses) and its changed NIP-11 fields, in concurrent maps read by the policies on event loops, persisted
 * in namespace {@value #NAMESPACE} of a {@link KeyValueStore} as {@code <list prefix>:<key>} -> reason and
 * {@code info:<field>} -> value.
 *
 * <p><b>Bounds.</b> Each list holds at most {@value #MAX_ENTRIES} entries (a change past it is refused);
 * reasons are cut to {@value #MAX_REASON} characters. With a 64-character key, a short reason and the map
 * node that is about 250 bytes an entry: at most about 12 MB per full list.
 *
 * <p><b>Writes</b> complete after the store has the change durably, then take effect in memory. Two
 * concurrent calls changing the same entry may take effect in memory in another order than the store
 * committed them; management calls are rare and an admin's retry settles it.
 */
final class ModerationState {

    static final String NAMESPACE = "nip86";
    static final int MAX_ENTRIES = 50_000;
    static final int MAX_REASON = 1000;

    /** The lists, with the key prefix of their entries and the field name of their keys in list answers. */
    enum Kind {
        BANNED_PUBKEYS("bp", "pubkey"),
        ALLOWED_PUBKEYS("ap", "pubkey"),
        BANNED_EVENTS("be", "id"),
        ALLOWED_KINDS("ak", "kind"),
        BLOCKED_IPS("ip", "ip");

        final String prefix;
        final String field;

        Kind(String prefix, String field) {
            this.prefix = prefix;
            this.field = field;
        }
    }

    /** A list or info field is full. */
    static final class Full extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Full(String message) {
            super(message, null, false, false);
        }
    }

    private final KeyValueStore store;
    private final Map<Kind, Map<String, String>> lists = new EnumMap<>(Kind.class);
    private final Map<String, String> info = new ConcurrentHashMap<>();

    private ModerationState(KeyValueStore store) {
        this.store = store;
        for (Kind kind : Kind.values()) {
            lists.put(kind, new ConcurrentHashMap<>());
        }
    }

    /**
     * Reads the persisted state.
     *
     * @param store where it is kept
     * @return the state, once read
     */
    static Mono<ModerationState> load(KeyValueStore store) {
        ModerationState state = new ModerationState(store);
        return store.entries(NAMESPACE).doOnNext(entry -> state.restore(entry.getKey(), entry.getValue()))
                .then(Mono.just(state));
    }

    private void restore(String key, String value) {
        int colon = key.indexOf(':');
        if (colon < 0) {
            return;
        }
        String prefix = key.substring(0, colon);
        String rest = key.substring(colon + 1);
        if ("info".equals(prefix)) {
            info.put(rest, value);
            return;
        }
        for (Kind kind : Kind.values()) {
            if (kind.prefix.equals(prefix)) {
                list(kind).put(rest, value);
            }
        }
    }

    /** {@return the live map of {@code kind}: key -> reason; read-only for callers} */
    Map<String, String> list(Kind kind) {
        return Objects.requireNonNull(lists.get(kind), "every kind has its list");
    }

    /** {@return the changed NIP-11 fields: field -> value; read-only for callers} */
    Map<String, String> info() {
        return info;
    }

    Mono<Void> add(Kind kind, String key, String reason) {
        return Mono.defer(() -> {
            Map<String, String> list = list(kind);
            if (!list.containsKey(key) && list.size() >= MAX_ENTRIES) {
                return Mono.error(new Full("the list is full (" + MAX_ENTRIES + " entries)"));
            }
            String cut = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
            return store.put(NAMESPACE, kind.prefix + ":" + key, cut).then(Mono.fromRunnable(() -> list.put(key, cut)));
        });
    }

    Mono<Void> remove(Kind kind, String key) {
        return store.delete(NAMESPACE, kind.prefix + ":" + key)
                .then(Mono.fromRunnable(() -> list(kind).remove(key)));
    }

    Mono<Void> setInfo(String field, String value) {
        return store.put(NAMESPACE, "info:" + field, value).then(Mono.fromRunnable(() -> info.put(field, value)));
    }
}
