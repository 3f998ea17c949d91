package io.reactivestore.negentropy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Reconciling two random sets finds exactly their symmetric difference, each id once, under any frame limit. */
class NegentropyPropertiesTest {

    private record Item(long createdAt, String id) {
    }

    @Property(tries = 200)
    void reconciliationFindsExactlyTheSymmetricDifference(
            @ForAll @IntRange(min = 0, max = 3000) int shared,
            @ForAll @IntRange(min = 0, max = 300) int onlyClient,
            @ForAll @IntRange(min = 0, max = 300) int onlyServer,
            @ForAll @IntRange(min = 1, max = 1_000_000) int timestampSpread,
            @ForAll @IntRange(min = 0, max = 2) int limitChoice,
            @ForAll long seed) {
        Random random = new Random(seed);
        // a small spread makes many records share a timestamp, which exercises id-prefix bounds
        List<Item> common = items(random, shared, timestampSpread);
        List<Item> clientOnly = items(random, onlyClient, timestampSpread);
        List<Item> serverOnly = items(random, onlyServer, timestampSpread);
        NegentropyStorage client = storage(random, common, clientOnly);
        NegentropyStorage server = storage(random, common, serverOnly);
        int limit = switch (limitChoice) {
            case 0 -> 0;
            case 1 -> Negentropy.MIN_FRAME_SIZE_LIMIT;
            default -> 10_000;
        };

        Reconciliations.Outcome outcome = Reconciliations.run(client, server, limit, limit);

        assertThat(outcome.have()).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(clientOnly.stream().map(Item::id).toList());
        assertThat(outcome.need()).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(serverOnly.stream().map(Item::id).toList());
        if (limit != 0) {
            assertThat(outcome.largestMessage()).isLessThanOrEqualTo(limit);
        }
    }

    @Property(tries = 50)
    void differentFrameLimitsOnEachSideStillConverge(
            @ForAll @IntRange(min = 0, max = 5000) int shared,
            @ForAll @IntRange(min = 0, max = 2000) int onlyClient,
            @ForAll @IntRange(min = 0, max = 2000) int onlyServer,
            @ForAll long seed) {
        Random random = new Random(seed);
        List<Item> common = items(random, shared, 1000);
        List<Item> clientOnly = items(random, onlyClient, 1000);
        List<Item> serverOnly = items(random, onlyServer, 1000);

        Reconciliations.Outcome outcome = Reconciliations.run(storage(random, common, clientOnly),
                storage(random, common, serverOnly), 0, Negentropy.MIN_FRAME_SIZE_LIMIT);

        assertThat(new HashSet<>(outcome.have())).hasSize(onlyClient)
                .isEqualTo(ids(clientOnly));
        assertThat(new HashSet<>(outcome.need())).hasSize(onlyServer)
                .isEqualTo(ids(serverOnly));
    }

    private static Set<String> ids(List<Item> items) {
        Set<String> out = new HashSet<>();
        items.forEach(item -> out.add(item.id()));
        return out;
    }

    private static List<Item> items(Random random, int n, int spread) {
        HexFormat hex = HexFormat.of();
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> {
            byte[] id = new byte[32];
            random.nextBytes(id);
            return new Item(1_700_000_000L + random.nextInt(spread), hex.formatHex(id));
        }).toList();
    }

    /** Adds the records in random order, some twice, to check sorting and de-duplication too. */
    private static NegentropyStorage storage(Random random, List<Item> a, List<Item> b) {
        List<Item> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        java.util.Collections.shuffle(all, random);
        NegentropyStorage.Builder builder = NegentropyStorage.builder(all.size() * 2);
        for (Item item : all) {
            builder.add(item.createdAt(), item.id());
            if (random.nextInt(20) == 0) {
                builder.add(item.createdAt(), item.id());
            }
        }
        NegentropyStorage storage = builder.build();
        assertThat(storage.size()).isEqualTo(all.size());
        return storage;
    }
}
