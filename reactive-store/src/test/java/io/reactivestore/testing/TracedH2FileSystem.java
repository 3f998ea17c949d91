package io.reactivestore.testing;

import java.io.IOException;
import java.nio.channels.FileChannel;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * H2 file system {@code traced:} (registered once per JVM): the plain disk, with every channel H2 opens
 * recorded by the current {@link ForceTrace} ({@link #use}). Open an H2 file through it with the prefix
 * {@link #PREFIX}.
 */
public final class TracedH2FileSystem extends FilePathWrapper {

    /** The H2 file-system prefix. */
    public static final String PREFIX = "traced:";

    private static volatile ForceTrace current = new ForceTrace();

    static {
        FilePath.register(new TracedH2FileSystem());
    }

    /** Registers the file system (idempotent) and records from now on into {@code trace}. */
    public static void use(ForceTrace trace) {
        current = trace;
    }

    @Override
    public String getScheme() {
        return "traced";
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        String path = getBase().toString();
        FileChannel channel = getBase().open(mode);
        // the data file only: the lock file's writes are H2's own business
        return path.endsWith(".mv.db") ? current.wrap(channel, path.substring(path.lastIndexOf('/') + 1)) : channel;
    }
}
