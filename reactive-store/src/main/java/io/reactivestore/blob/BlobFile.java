package io.reactivestore.blob;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A blob kept whole in one file of the local file system, as {@link BlobStore#localFile(Ref)} gives it: a
 * server may hand the file to the kernel ({@code sendfile}) instead of streaming it through buffers. The
 * file is never changed while it has this name (blobs are immutable and published by an atomic link), but
 * it may be removed at any moment by a delete: opening it then fails with
 * {@link java.nio.file.NoSuchFileException}, and a reader that opened it first reads it whole (POSIX).
 *
 * @param path the file
 * @param size its size in bytes when it was looked up, at least 0
 */
public record BlobFile(Path path, long size) {

    /**
     * Validates the components.
     *
     * @param path the file
     * @param size its size in bytes, at least 0
     * @throws IllegalArgumentException if {@code size} is negative
     */
    public BlobFile {
        Objects.requireNonNull(path, "path");
        if (size < 0) {
            throw new IllegalArgumentException("size: must be at least 0, got " + size);
        }
    }
}
