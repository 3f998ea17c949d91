package io.reactivestore.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.blob.Ref;
import io.reactivestore.blob.memory.MemoryBlobStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The merged listing of a replica, for random members and contents: the sorted union, each ref once. */
class ReplicaListRefsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Property(tries = 100)
    void listRefsIsTheSortedUnionOfTheMembersAfterStart(
            @ForAll @Size(min = 1, max = 4) List<@Size(max = 12) Set<@IntRange(min = 0, max = 30) Integer>> members,
            @ForAll @IntRange(min = -1, max = 30) int startBlob) {
        List<MemoryBlobStore> stores = new ArrayList<>();
        TreeSet<Ref> union = new TreeSet<>();
        for (Set<Integer> contents : members) {
            MemoryBlobStore store = new MemoryBlobStore();
            for (int blob : contents) {
                union.add(store.put(bytes(blob)).block(TIMEOUT).ref());
            }
            stores.add(store);
        }
        Ref start = startBlob < 0 ? null : Ref.of(bytes(startBlob));
        ReplicaBlobStore replica = new ReplicaBlobStore(stores, List.of(), 1);

        List<Ref> listed = replica.listRefs(start).collectList().block(TIMEOUT);

        assertThat(listed).containsExactlyElementsOf(start == null ? union : union.tailSet(start, false));
    }

    private static byte[] bytes(int blob) {
        return ("blob " + blob).getBytes(StandardCharsets.UTF_8);
    }
}
