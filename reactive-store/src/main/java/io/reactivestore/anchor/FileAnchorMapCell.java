package io.reactivestore.anchor;

import io.reactivestore.blob.Ref;
import io.reactivestore.store.StoreUnavailableException;
import java.io.IOException;
import io.reactivestore.internal.FileOpener;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * An {@link AnchorMapCell} in a file holding the map ref's hex, replaced atomically (temporary file,
 * forced, then renamed over it, and the directory forced: a compare-and-set that reported {@code true}
 * survives power loss). Compare-and-set holds a monitor (threads of this JVM) and an exclusive
 * lock on a side file (other processes) while it reads and replaces. All I/O runs on {@code io}.
 */
final class FileAnchorMapCell implements AnchorMapCell {

    private final Path file;
    private final Path lockFile;
    private final Scheduler io;
    private final Object monitor = new Object();
    private final FileOpener files;

    FileAnchorMapCell(Path dir, Scheduler io) {
        this(dir, io, FileOpener.DEFAULT);
    }

    FileAnchorMapCell(Path dir, Scheduler io, FileOpener files) {
        this.file = dir.resolve("anchor-map");
        this.lockFile = dir.resolve("anchor-map.lock");
        this.io = io;
        this.files = files;
    }

    @Override
    public Mono<Ref> current() {
        return onIo(this::read);
    }

    @Override
    @SuppressWarnings("try") // the file lock is held for the try block, never read
    public Mono<Boolean> compareAndSet(@Nullable Ref expected, Ref next) {
        return onIo(() -> {
            synchronized (monitor) {
                Files.createDirectories(file.getParent());
                try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        FileLock lock = channel.lock()) {
                    Ref current = read();
                    if (current == null ? expected != null : !current.equals(expected)) {
                        return false;
                    }
                    Path temp = Files.createTempFile(file.getParent(), "anchor-map", ".tmp");
                    try {
                        try (FileChannel out = files.open(temp, StandardOpenOption.WRITE)) {
                            ByteBuffer bytes = ByteBuffer.wrap(next.hex().getBytes(StandardCharsets.US_ASCII));
                            while (bytes.hasRemaining()) {
                                out.write(bytes);
                            }
                            out.force(true);
                        }
                        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                        files.forceDirectory(Objects.requireNonNull(file.toAbsolutePath().getParent(), "parent of " + file));
                        // (the rename itself survives power loss)
                    } finally {
                        Files.deleteIfExists(temp);
                    }
                    return true;
                }
            }
        });
    }

    private @Nullable Ref read() throws IOException {
        try {
            return new Ref(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private <T> Mono<T> onIo(Callable<T> work) {
        return Mono.fromCallable(work)
                .subscribeOn(io)
                .onErrorMap(IOException.class, e -> new StoreUnavailableException("anchor map file: " + e.getMessage(), e));
    }
}
