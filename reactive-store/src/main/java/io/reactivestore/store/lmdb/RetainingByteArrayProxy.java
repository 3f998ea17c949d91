package io.reactivestore.store.lmdb;

import java.util.Arrays;
import java.util.Comparator;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.provider.MemoryManager;
import org.lmdbjava.BufferProxy;

/**
 * lmdbjava's byte-array buffer proxy, fixed. {@code ByteArrayProxy.PROXY_BA} of lmdbjava 0.9.1 copies a key or
 * value into native memory from jnr's {@code allocateDirect} and keeps only its address: nothing references the
 * memory until the native call that reads it, so a garbage collection in between frees it and LMDB reads freed
 * memory (we met it as a SIGSEGV in {@code mdb_put} under load). This proxy keeps the last {@value #RETAINED}
 * copies made by each thread referenced, so a copy lives at least until its thread has made the native call
 * (calls are synchronous and use at most two copies: key and value). Like {@code PROXY_BA}, it needs no
 * {@code --add-opens}.
 */
final class RetainingByteArrayProxy extends BufferProxy<byte[]> {

    static final RetainingByteArrayProxy INSTANCE = new RetainingByteArrayProxy();

    /** Native copies kept referenced per thread. */
    private static final int RETAINED = 8;
    private static final MemoryManager MEMORY = Runtime.getSystemRuntime().getMemoryManager();
    private static final byte[] EMPTY = new byte[0];

    private static final class Ring {
        final Pointer[] pointers = new Pointer[RETAINED];
        int next;
    }

    private static final ThreadLocal<Ring> RINGS = ThreadLocal.withInitial(Ring::new);

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
        Pointer copy = MEMORY.allocateDirect(Math.max(1, buffer.length));
        copy.put(0, buffer, 0, buffer.length);
        Ring ring = RINGS.get();
        ring.pointers[ring.next] = copy;
        ring.next = (ring.next + 1) % RETAINED;
        ptr.putLong(STRUCT_FIELD_OFFSET_SIZE, buffer.length);
        ptr.putAddress(STRUCT_FIELD_OFFSET_DATA, copy.address());
    }

    @Override
    protected void in(byte[] buffer, int size, Pointer ptr, long ptrAddr) {
        // MDB_RESERVE is not used with byte arrays (as in lmdbjava's own proxy)
    }

    @Override
    protected byte[] out(byte[] buffer, Pointer ptr, long ptrAddr) {
        long address = ptr.getAddress(STRUCT_FIELD_OFFSET_DATA);
        int size = (int) ptr.getLong(STRUCT_FIELD_OFFSET_SIZE);
        byte[] out = new byte[size];
        MEMORY.newPointer(address, size).get(0, out, 0, size);
        return out;
    }
}
