package io.reactivestore.store.lmdb;

import io.reactivestore.store.StoreUnavailableException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Exclusive ownership of a store directory: at most one open store per directory in this JVM (a
 * registry of real paths) and across processes (an OS lock on {@code store.lock} in the directory,
 * released by the OS when the process dies). LMDB itself would let a second environment of the same
 * process open the files, which corrupts them, so this guard is not optional.
 */
final class LmdbFiles implements AutoCloseable {

    private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private LmdbFiles(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates {@code dir} if needed and takes it.
     *
     * @throws IllegalStateException if this JVM or another process has the directory open
     * @throws StoreUnavailableException if the directory cannot be created or locked
     */
    static LmdbFiles acquire(Path dir) {
        Path real;
        try {
            Files.createDirectories(dir);
            real = dir.toRealPath();
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot create LMDB store directory " + dir + ": " + e, e);
        }
        if (!OPEN.add(real)) {
            throw new IllegalStateException("LMDB store directory " + real + " is already open in this JVM;"
                    + " close that store first or share it");
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(real.resolve("store.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new IllegalStateException("LMDB store directory " + real
                        + " is in use by another process (store.lock is held); stop it first");
            }
            return new LmdbFiles(real, channel, lock);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            OPEN.remove(real);
            if (e instanceof IllegalStateException ise) {
                throw ise;
            }
            throw new StoreUnavailableException("cannot lock LMDB store directory " + real + ": " + e, e);
        }
    }

    Path dir() {
        return dir;
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // the channel's close below releases it too
        }
        closeQuietly(channel);
        OPEN.remove(dir);
    }

    private static void closeQuietly(@Nullable FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing to do: the lock dies with the channel or the process
            }
        }
    }
}
