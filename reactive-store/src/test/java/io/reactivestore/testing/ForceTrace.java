package io.reactivestore.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A trace of file writes, forces ({@code fsync}) and acknowledgements, in the order they happened: the
 * proof that a component forces its bytes to the device between writing them and acknowledging. Channels
 * wrapped by {@link #wrap} record {@code write <name>} and {@code force <name>}; the test records
 * {@code ack}. Thread-safe.
 */
public final class ForceTrace {

    private final List<String> entries = new ArrayList<>();

    /** Records one entry. */
    public synchronized void record(String entry) {
        entries.add(entry);
    }

    /** A copy of the entries so far. */
    public synchronized List<String> entries() {
        return new ArrayList<>(entries);
    }

    /** Forgets every entry. */
    public synchronized void clear() {
        entries.clear();
    }

    /** How many entries satisfy {@code test}. */
    public synchronized long count(Predicate<String> test) {
        return entries.stream().filter(test).count();
    }

    /**
     * The entries that break "every {@code ack} is preceded by a force of each file written since the
     * previous ack": for each such file, a description. Empty when the order is right.
     */
    public synchronized List<String> unforcedAcks() {
        List<String> problems = new ArrayList<>();
        java.util.Set<String> dirty = new java.util.LinkedHashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            String e = entries.get(i);
            if (e.startsWith("write ")) {
                dirty.add(e.substring(6));
            } else if (e.startsWith("force ")) {
                dirty.remove(e.substring(6));
            } else if (e.startsWith("ack")) {
                if (!dirty.isEmpty()) {
                    problems.add("entry " + i + " (" + e + ") with unforced writes to " + dirty);
                }
                dirty.clear();
            }
        }
        return problems;
    }

    /** {@code channel}, recording writes and forces under {@code name}. */
    public FileChannel wrap(FileChannel channel, String name) {
        return new Traced(channel, name);
    }

    private final class Traced extends FileChannel {
        private final FileChannel d;
        private final String name;

        Traced(FileChannel delegate, String name) {
            this.d = delegate;
            this.name = name;
        }

        private <T> T wrote(T result) {
            record("write " + name);
            return result;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return d.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return d.read(dsts, offset, length);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return wrote(d.write(src));
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            return wrote(d.write(srcs, offset, length));
        }

        @Override
        public long position() throws IOException {
            return d.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            d.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return d.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            d.truncate(size);
            record("write " + name);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            d.force(metaData);
            record("force " + name);
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return d.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            return wrote(d.transferFrom(src, position, count));
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return d.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            return wrote(d.write(src, position));
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return d.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return d.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return d.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            d.close();
        }
    }
}
