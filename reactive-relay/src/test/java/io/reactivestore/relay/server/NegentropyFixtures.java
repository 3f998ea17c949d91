package io.reactivestore.relay.server;

import io.reactivestore.event.Event;
import io.reactivestore.negentropy.NegentropyStorage;
import io.reactivestore.store.EventStore;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import reactor.core.publisher.Flux;

/**
 * Sets of events for negentropy tests: a shared part and a part only on each side. The events are shaped
 * correctly but not signed (stores trust what they are given; negentropy looks at ids and created_at only).
 */
final class NegentropyFixtures {

    /** Two sides' events. */
    record Sides(List<Event> shared, List<Event> onlyLocal, List<Event> onlyRemote) {

        List<Event> local() {
            List<Event> all = new ArrayList<>(shared);
            all.addAll(onlyLocal);
            return all;
        }

        List<Event> remote() {
            List<Event> all = new ArrayList<>(shared);
            all.addAll(onlyRemote);
            return all;
        }

        List<String> onlyLocalIds() {
            return onlyLocal.stream().map(Event::id).toList();
        }

        List<String> onlyRemoteIds() {
            return onlyRemote.stream().map(Event::id).toList();
        }
    }

    private NegentropyFixtures() {
    }

    static Sides sides(long seed, int shared, int onlyLocal, int onlyRemote) {
        Random random = new Random(seed);
        return new Sides(events(random, shared), events(random, onlyLocal), events(random, onlyRemote));
    }

    static List<Event> events(Random random, int n) {
        HexFormat hex = HexFormat.of();
        List<Event> out = new ArrayList<>(n);
        byte[] pubkey = new byte[32];
        random.nextBytes(pubkey);
        byte[] sig = new byte[64];
        random.nextBytes(sig);
        for (int i = 0; i < n; i++) {
            byte[] id = new byte[32];
            random.nextBytes(id);
            // a narrow time range makes many events share a second, as on a busy relay
            out.add(Event.of(hex.formatHex(id), hex.formatHex(pubkey), 1_700_000_000L + random.nextInt(n / 4 + 1), 1,
                    List.of(), "", hex.formatHex(sig)));
        }
        return out;
    }

    static void fill(EventStore store, List<Event> events) {
        store.importEvents(Flux.fromIterable(events)).block(RawClient.WAIT.multipliedBy(6));
    }

    static NegentropyStorage storage(List<Event> events) {
        NegentropyStorage.Builder builder = NegentropyStorage.builder(events.size());
        events.forEach(e -> builder.add(e.createdAt(), e.id()));
        return builder.build();
    }
}
