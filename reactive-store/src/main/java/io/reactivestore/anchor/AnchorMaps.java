package io.reactivestore.anchor;

import io.reactivestore.blob.Blob;
import io.reactivestore.blob.Ref;
import java.util.List;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Reading and changing an {@link AnchorStore}'s map: what the interface's default methods share. */
final class AnchorMaps {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AnchorMaps() {
    }

    /** The store's current map; {@link AnchorMap#EMPTY} before the first write. */
    static Mono<AnchorMap> current(AnchorStore store) {
        return store.anchorMapRef()
                .flatMap(ref -> load(store, ref))
                .onErrorResume(NoAnchorMapException.class, e -> Mono.just(AnchorMap.EMPTY));
    }

    /**
     * Applies {@code change} to the store's map under optimistic locking, retrying lost races with
     * {@link ConflictRetry#DEFAULT}; writes nothing when {@code change} returns the map unchanged.
     */
    static Mono<Void> modify(AnchorStore store, UnaryOperator<AnchorMap> change) {
        return store.updateAnchorMap(current -> {
                    Mono<AnchorMap> map = current.isPresent() ? load(store, current.get()) : Mono.just(AnchorMap.EMPTY);
                    return map.flatMap(before -> {
                        AnchorMap after = change.apply(before);
                        return after == before ? Mono.justOrEmpty(current)
                                : store.put(after.encode()).map(put -> put.ref());
                    });
                })
                .retryWhen(ConflictRetry.DEFAULT)
                .then();
    }

    /** Copies {@code anchors} into {@code store}'s map (one map update). */
    static Mono<Void> putAll(AnchorStore store, List<Anchor> anchors) {
        return modify(store, map -> map.withAll(anchors));
    }

    static byte[] encodeTyped(TypedValue value) {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", value.type());
        node.set("value", value.value());
        return JSON.writeValueAsBytes(node);
    }

    static TypedValue decodeTyped(Blob blob) {
        try {
            JsonNode node = JSON.readTree(blob.bytes());
            return new TypedValue(node.required("type").asString(), node.required("value"));
        } catch (JacksonException | IllegalArgumentException e) {
            throw new InvalidAnchorMapException(blob.ref(), e);
        }
    }

    private static Mono<AnchorMap> load(AnchorStore store, Ref ref) {
        return store.get(ref).map(blob -> {
            try {
                return AnchorMap.decode(blob.bytes());
            } catch (IllegalArgumentException e) {
                throw new InvalidAnchorMapException(ref, e);
            }
        });
    }
}
