package io.reactivestore.store.lmdb;

/**
 * Loads lmdbjava's bundled native library whatever thread opens the first store. lmdbjava extracts the
 * library through the calling thread's context class loader, which some threads do not have (threads
 * started by JDK internals, or pool threads whose first task came from one); opening the first store on
 * such a thread failed with a {@code NullPointerException} in lmdbjava's static initialiser. This sets the
 * store's own class loader for the duration of that one-time load, and turns a load failure into an
 * exception (a {@link LinkageError} would be dropped by Reactor as fatal and leave the open pending).
 */
final class NativeLmdb {

    private static volatile boolean loaded;

    private NativeLmdb() {
    }

    /** Makes sure lmdbjava's native library is loaded; cheap after the first call. */
    static void load() {
        if (loaded) {
            return;
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        ClassLoader own = NativeLmdb.class.getClassLoader();
        if (previous == null) {
            thread.setContextClassLoader(own);
        }
        try {
            Class.forName("org.lmdbjava.Library", true, own);
            loaded = true;
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("lmdbjava is not on the class path", e);
        } catch (LinkageError e) {
            // an Error would escape Reactor as fatal and leave the store's open() pending: fail it instead
            throw new IllegalStateException("cannot load LMDB's native library: " + e, e);
        } finally {
            if (previous == null) {
                thread.setContextClassLoader(null);
            }
        }
    }
}
