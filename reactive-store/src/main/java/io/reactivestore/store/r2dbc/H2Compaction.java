package io.reactivestore.store.r2dbc;

import java.nio.file.Path;

/**
 * What {@link R2dbcEventStores#compactH2File} did.
 *
 * @param file the store's H2 file
 * @param bytesBefore its size before
 * @param bytesAfter its size after
 */
public record H2Compaction(Path file, long bytesBefore, long bytesAfter) {
}
