package io.reactivestore.relay.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** NIP-11 says which cluster node answered, and nothing about clusters otherwise. */
class RelayInformationClusterTest {

    @Test
    void aClusterNodeNamesItselfInItsInformationDocument() {
        String doc = new String(RelayInformation.render(RelayOptions.builder().clusterNode("node-b").build()),
                StandardCharsets.UTF_8);
        assertThat(doc).contains("\"cluster\":{\"node\":\"node-b\"}");
    }

    @Test
    void aSingleRelaySaysNothingAboutClusters() {
        String doc = new String(RelayInformation.render(RelayOptions.builder().build()), StandardCharsets.UTF_8);
        assertThat(doc).doesNotContain("cluster");
    }
}
