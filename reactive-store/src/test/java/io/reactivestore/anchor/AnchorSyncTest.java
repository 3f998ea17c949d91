package io.reactivestore.anchor;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.blob.Ref;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import reactor.core.publisher.Flux;

/** Properties of {@link AnchorSync#sync}: random numbers of stores with random anchors. */
class AnchorSyncTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    /** What one store holds before the sync: anchors over a few names, blobs and times. */
    record Put(String name, int blob, int second) {
        byte[] bytes() {
            return ("blob " + blob).getBytes(StandardCharsets.UTF_8);
        }

        Anchor anchor() {
            return new Anchor(name, Ref.of(bytes()), EPOCH.plusSeconds(second));
        }
    }

    @Provide
    Arbitrary<List<List<Put>>> contents() {
        Arbitrary<Put> put = Combinators.combine(
                        Arbitraries.of("a", "b", "c"), Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(0, 9))
                .as(Put::new);
        return put.list().ofMaxSize(6).list().ofMinSize(1).ofMaxSize(5);
    }

    @Property(tries = 60)
    void afterSyncEveryStoreHoldsEveryAnchor(@ForAll("contents") List<List<Put>> contents) {
        List<AnchorStore> stores = fill(contents);
        Set<Anchor> before = stores.stream().flatMap(s -> anchorsOf(s).stream()).collect(Collectors.toSet());

        AnchorSync.sync(stores).block(TIMEOUT);

        for (AnchorStore store : stores) {
            List<Anchor> after = anchorsOf(store);
            assertThat(before).containsAll(after);
            for (Anchor anchor : before) {
                assertThat(after).as("%s held at or before its time", anchor)
                        .anySatisfy(held -> {
                            assertThat(held.name()).isEqualTo(anchor.name());
                            assertThat(held.ref()).isEqualTo(anchor.ref());
                            assertThat(held.at()).isBeforeOrEqualTo(anchor.at());
                        });
                assertThat(store.get(anchor.ref()).block(TIMEOUT).ref()).isEqualTo(anchor.ref());
            }
        }
    }

    @Property(tries = 60)
    void whenEachNameHasOneWriterEveryStoreEndsWithTheSameAnchors(@ForAll("contents") List<List<Put>> contents) {
        List<List<Put>> owned = new ArrayList<>();
        for (int i = 0; i < contents.size(); i++) {
            int owner = i;
            owned.add(contents.get(i).stream()
                    .map(p -> new Put("s" + owner + "-" + p.name(), p.blob(), p.second()))
                    .toList());
        }
        List<AnchorStore> stores = fill(owned);
        Set<Anchor> before = stores.stream().flatMap(s -> anchorsOf(s).stream()).collect(Collectors.toSet());
        Map<Anchor, Ref> ownersAnswers = new HashMap<>();
        for (AnchorStore owner : stores) {
            for (Anchor anchor : anchorsOf(owner)) {
                ownersAnswers.put(anchor, owner.get(anchor.name(), anchor.at()).block(TIMEOUT));
            }
        }

        AnchorSync.sync(stores).block(TIMEOUT);

        for (AnchorStore store : stores) {
            assertThat(anchorsOf(store)).containsExactlyInAnyOrderElementsOf(before);
            for (Anchor anchor : before) {
                assertThat(store.get(anchor.name(), anchor.at()).block(TIMEOUT)).isEqualTo(ownersAnswers.get(anchor));
            }
        }
    }

    private static List<AnchorStore> fill(List<List<Put>> contents) {
        List<AnchorStore> stores = new ArrayList<>();
        for (List<Put> puts : contents) {
            AnchorStore store = AnchorStores.inMemory();
            Flux.fromIterable(puts)
                    .concatMap(p -> store.put(p.bytes()).then(store.put(p.name(), p.anchor().ref(), p.anchor().at())))
                    .then()
                    .block(TIMEOUT);
            stores.add(store);
        }
        return stores;
    }

    private static List<Anchor> anchorsOf(AnchorStore store) {
        return store.each().collectList().block(TIMEOUT);
    }
}
