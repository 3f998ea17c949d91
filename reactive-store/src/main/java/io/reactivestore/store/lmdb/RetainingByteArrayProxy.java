package io.reactivestore.store.lmdb;

import com.kenai.jffi.MemoryIO;
import java.lang.ref.Cleaner;
import java.util.Arrays;
import java.util.Comparator;
import jnr.ffi.Pointer;
import org.lmdbjava.BufferProxy;

/**
 * lmdbjava's byte-array buffer proxy, fixed and made cheap. Keys and values are byte arrays on the heap; LMDB needs
 * them in native memory for the duration of one call.
 *
 * <p><b>Why not lmdbjava's own.</b> {@code ByteArrayProxy.PROXY_BA} of lmdbjava 0.9.1 copies a key or value into
 * native memory from jnr's {@code allocateDirect} and keeps only its address: nothing references the memory until
 * the native call that reads it, so a garbage collection in between frees it and LMDB reads freed memory (we met it
 * as a SIGSEGV in {@code mdb_put} under load). Each of those allocations also registers a reference for jnr's
 * collector, which cost a fifth of the writer thread's time. lmdbjava's {@code ByteBuffer} proxies need
 * {@code --add-opens} on Java 17.
 *
 * <p><b>How.</b> Each thread copies what it hands to LMDB into the next of {@value #SLOTS} native buffers of its
 * own, reused round-robin and grown when too small: no allocation per call, and a buffer is overwritten only
 * {@value #SLOTS} copies later, long after the synchronous native call that read it (a call uses at most two: key
 * and value). The buffers are freed when replaced by a larger one and, through a {@link Cleaner}, when their thread
 * is gone. Reading out copies from the map into a new array with one JNI copy; empty values (every index entry)
 * share one empty array. Needs no {@code --add-opens}.
 */
final class RetainingByteArrayProxy extends BufferProxy<byte[]> {

    static final RetainingByteArrayProxy INSTANCE = new RetainingByteArrayProxy();

    /** Native buffers per thread (a power of two). */
    private static final int SLOTS = 8;
    /** Smallest buffer allocated: every key fits. */
    private static final int MIN_BUFFER = 256;
    /** A buffer grown beyond this for one large value is replaced by a small one when next used for a small one. */
    private static final int KEEP_MAX = 64 * 1024;
    private static final MemoryIO IO = MemoryIO.getInstance();
    private static final Cleaner CLEANER = Cleaner.create();
    private static final byte[] EMPTY = new byte[0];
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::create);

    /** One thread's native buffers; their addresses live in a separate holder, freed when this becomes unreachable. */
    private static final class Scratch {
        private final Buffers buffers;
        private int next;

        private Scratch(Buffers buffers) {
            this.buffers = buffers;
        }

        static Scratch create() {
            Buffers buffers = new Buffers();
            Scratch scratch = new Scratch(buffers);
            CLEANER.register(scratch, buffers);
            return scratch;
        }

        /** The address of a native buffer of at least {@code size} bytes, not handed out in the last SLOTS takes. */
        long take(int size) {
            int i = next;
            next = (i + 1) & (SLOTS - 1);
            long[] addresses = buffers.addresses;
            int[] capacities = buffers.capacities;
            if (capacities[i] < size || (capacities[i] > KEEP_MAX && size <= KEEP_MAX)) {
                int capacity = Math.max(MIN_BUFFER, size);
                long address = IO.allocateMemory(capacity, false);
                if (address == 0) {
                    throw new OutOfMemoryError("LMDB buffer proxy: no native memory for " + capacity + " bytes");
                }
                if (addresses[i] != 0) {
                    IO.freeMemory(addresses[i]);
                }
                addresses[i] = address;
                capacities[i] = capacity;
            }
            return addresses[i];
        }
    }

    /** The native memory of one {@link Scratch}; frees it when run by the cleaner. */
    private static final class Buffers implements Runnable {
        final long[] addresses = new long[SLOTS];
        final int[] capacities = new int[SLOTS];

        @Override
        public void run() {
            for (int i = 0; i < SLOTS; i++) {
                if (addresses[i] != 0) {
                    IO.freeMemory(addresses[i]);
                    addresses[i] = 0;
                }
            }
        }
    }

    private RetainingByteArrayProxy() {
    }

    @Override
    protected byte[] allocate() {
        return EMPTY;
    }

    @Override
    protected void deallocate(byte[] buffer) {
        // heap arrays: nothing to release
    }

    @Override
    protected byte[] getBytes(byte[] buffer) {
        return buffer;
    }

    @Override
    protected Comparator<byte[]> getSignedComparator() {
        return Arrays::compare;
    }

    @Override
    protected Comparator<byte[]> getUnsignedComparator() {
        return Arrays::compareUnsigned;
    }

    @Override
    protected void in(byte[] buffer, Pointer ptr, long ptrAddr) {
        int length = buffer.length;
        long address = SCRATCH.get().take(Math.max(1, length));
        if (length > 0) {
            IO.putByteArray(address, buffer, 0, length);
        }
        IO.putLong(ptrAddr + STRUCT_FIELD_OFFSET_SIZE, length);
        IO.putAddress(ptrAddr + STRUCT_FIELD_OFFSET_DATA, address);
    }

    @Override
    protected void in(byte[] buffer, int size, Pointer ptr, long ptrAddr) {
        // MDB_RESERVE is not used with byte arrays (as in lmdbjava's own proxy)
    }

    @Override
    protected byte[] out(byte[] buffer, Pointer ptr, long ptrAddr) {
        int size = (int) IO.getLong(ptrAddr + STRUCT_FIELD_OFFSET_SIZE);
        if (size == 0) {
            return EMPTY;
        }
        byte[] out = new byte[size];
        IO.getByteArray(IO.getAddress(ptrAddr + STRUCT_FIELD_OFFSET_DATA), out, 0, size);
        return out;
    }
}
