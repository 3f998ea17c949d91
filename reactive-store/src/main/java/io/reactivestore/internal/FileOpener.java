package io.reactivestore.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * How file-backed components open the channels they write and force: {@link #DEFAULT} in production; tests
 * substitute one that records writes and forces, to prove the order write, force, acknowledgement.
 */
@FunctionalInterface
public interface FileOpener {

    /** {@link FileChannel#open(Path, OpenOption...)}. */
    FileOpener DEFAULT = FileChannel::open;

    /**
     * Opens a channel on {@code path}.
     *
     * @param path the file or directory
     * @param options as {@link FileChannel#open(Path, OpenOption...)}
     * @return the open channel
     * @throws IOException as {@link FileChannel#open(Path, OpenOption...)}
     */
    FileChannel open(Path path, OpenOption... options) throws IOException;

    /**
     * Forces the directory {@code dir} (the names in it, after a rename or link) to the device; where the
     * platform cannot open a directory, nothing (the files themselves are forced).
     *
     * @param dir the directory
     */
    default void forceDirectory(Path dir) {
        try (FileChannel channel = open(dir, java.nio.file.StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some platforms (Windows) cannot open a directory
        }
    }
}
