package io.reactivestore.anchor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileAnchorStoreTest extends AnchorStoreContract {

    @TempDir
    Path root;

    @Override
    protected AnchorStore createAnchorStore() {
        return AnchorStores.inDirectory(root);
    }

    @Test
    void anchorsSurviveANewStoreOnTheSameDirectory() {
        anchors.put("x", a, T1).block(TIMEOUT);
        assertThat(AnchorStores.inDirectory(root).get("x", T2).block(TIMEOUT)).isEqualTo(a);
    }
}
