package io.reactivestore.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.anchor.AnchorStore;
import io.reactivestore.anchor.AnchorStores;
import io.reactivestore.blob.Ref;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Anchors written through a replica reach every member: sync ones before the write completes, async ones after a flush. */
class ReplicaAnchorStoreTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void anchorsReplicateToEveryMember() {
        AnchorStore authority = AnchorStores.inMemory();
        AnchorStore secondary = AnchorStores.inMemory();
        AnchorStore async = AnchorStores.inMemory();
        ReplicaAnchorStore replica = new ReplicaAnchorStore(List.of(authority, secondary), List.of(async), 2);
        Ref ref = replica.put("content".getBytes(StandardCharsets.UTF_8)).block(TIMEOUT).ref();

        replica.put("head", ref, AT).block(TIMEOUT);

        Ref map = authority.anchorMapRef().block(TIMEOUT);
        assertThat(secondary.anchorMapRef().block(TIMEOUT)).isEqualTo(map);
        assertThat(secondary.get("head", AT).block(TIMEOUT)).isEqualTo(ref);
        replica.flush().block(TIMEOUT);
        assertThat(async.anchorMapRef().block(TIMEOUT)).isEqualTo(map);
        assertThat(async.get("head", AT).block(TIMEOUT)).isEqualTo(ref);
        assertThat(async.get(ref).block(TIMEOUT).ref()).isEqualTo(ref);
    }
}
