package io.reactivestore.blob.fs;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.blob.BlobStore;
import io.reactivestore.blob.BlobStoreContract;
import io.reactivestore.blob.CorruptBlobException;
import io.reactivestore.blob.PutResult;
import io.reactivestore.blob.Ref;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

class FileBlobStoreTest extends BlobStoreContract {

    @TempDir
    Path root;

    @Override
    protected BlobStore createStore() {
        return new FileBlobStore(root);
    }

    /** A cancelled put removes its temporary file on the I/O scheduler, shortly after the cancel. */
    @Override
    protected void awaitNoLeftovers() {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (temporaryFiles() > 0) {
            assertThat(System.nanoTime()).as("temporary files left after a cancel").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    private long temporaryFiles() {
        try (Stream<Path> temps = Files.list(root.resolve("tmp"))) {
            return temps.count();
        } catch (IOException e) {
            return 0;
        }
    }

    @Test
    void aHashMismatchLeavesNoTemporaryFile() {
        StepVerifier.create(store.put(pieces(random(10_000, 1), 1_000), Ref.of(new byte[0])))
                .expectError(io.reactivestore.blob.BlobHashMismatchException.class)
                .verify(TIMEOUT);
        awaitNoLeftovers();
    }

    @Test
    void blobsAreFannedOutIntoTwoDirectoryLevelsAndNoTemporaryFileRemains() throws IOException {
        PutResult put = store.put("fan out".getBytes(StandardCharsets.UTF_8)).block(TIMEOUT);
        String hex = put.ref().hex();
        assertThat(root.resolve("blobs").resolve(hex.substring(0, 2)).resolve(hex.substring(2, 4)).resolve(hex))
                .isRegularFile();
        try (Stream<Path> temps = Files.list(root.resolve("tmp"))) {
            assertThat(temps).isEmpty();
        }
    }

    @Test
    void aNewStoreOnTheSameDirectorySeesTheBlobs() {
        Ref ref = store.put("persisted".getBytes(StandardCharsets.UTF_8)).block(TIMEOUT).ref();
        StepVerifier.create(new FileBlobStore(root).get(ref).map(b -> new String(b.bytes(), StandardCharsets.UTF_8)))
                .expectNext("persisted")
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void damagedBytesAreReportedAsCorruptNotReturned() throws IOException {
        Ref ref = store.put("intact".getBytes(StandardCharsets.UTF_8)).block(TIMEOUT).ref();
        String hex = ref.hex();
        Files.writeString(root.resolve("blobs").resolve(hex.substring(0, 2)).resolve(hex.substring(2, 4)).resolve(hex),
                "damaged");
        StepVerifier.create(store.get(ref))
                .expectError(CorruptBlobException.class)
                .verify(TIMEOUT);
    }

    @Test
    void strayFilesInTheTreeAreNotListed() throws IOException {
        Ref ref = store.put("real".getBytes(StandardCharsets.UTF_8)).block(TIMEOUT).ref();
        Files.createDirectories(root.resolve("blobs").resolve("zz"));
        Files.writeString(root.resolve("blobs").resolve(ref.hex().substring(0, 2)).resolve("notes.txt"), "x");
        StepVerifier.create(store.listRefs())
                .expectNext(ref)
                .expectComplete()
                .verify(TIMEOUT);
    }
}
