package io.reactivestore.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.event.Event;
import io.reactivestore.event.Filter;
import io.reactivestore.event.KeyPair;
import io.reactivestore.event.UnsignedEvent;
import io.reactivestore.relay.server.NostrRelay;
import io.reactivestore.relay.client.RelayClient;
import io.reactivestore.relay.policy.Policies;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.lmdb.LmdbEventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.test.StepVerifier;

/**
 * A whole Spring Boot application with the starter's auto-configuration: the embedded default store in a
 * temporary directory and the relay on a free port. An event published over the relay with the project's
 * {@link RelayClient} is answered {@code OK}, read back over the relay, and found in the store bean.
 */
@SpringBootTest(classes = ReactiveStoreSpringBootApplicationTest.Application.class,
        properties = {"reactive-store.relay.enabled=true", "reactive-store.relay.port=0",
                "reactive-store.relay.name=spring boot test relay"})
class ReactiveStoreSpringBootApplicationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Autowired
    NostrRelay relay;

    @Autowired
    EventStore store;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) throws IOException {
        Path dir = Files.createTempDirectory("reactive-store-spring");
        registry.add("reactive-store.directory", dir::toString);
    }

    @Test
    void anEventPublishedOverTheRelayIsReadBackOverTheRelayAndIsInTheStore() {
        assertThat(store).isInstanceOf(LmdbEventStore.class);
        KeyPair keys = KeyPair.generate();
        Event note = keys.sign(UnsignedEvent.of(1, "hello from Spring Boot"));
        List<Filter> byAuthor = List.of(Filter.builder().authors(keys.publicKey()).build());

        RelayClient client = RelayClient.create(relay.url());
        try {
            StepVerifier.create(client.publish(note))
                    .assertNext(ok -> assertThat(ok.accepted()).as(ok.message()).isTrue())
                    .expectComplete().verify(TIMEOUT);
            StepVerifier.create(client.fetch(byAuthor)).expectNext(note).expectComplete().verify(TIMEOUT);
        } finally {
            client.close().block(TIMEOUT);
        }
        StepVerifier.create(store.query(byAuthor)).expectNext(note).expectComplete().verify(TIMEOUT);
    }

    @Test
    void aPolicyAddedByTheApplicationsCustomizerIsApplied() {
        Event dm = KeyPair.generate().sign(UnsignedEvent.of(4, "not here"));
        RelayClient client = RelayClient.create(relay.url());
        try {
            StepVerifier.create(client.publish(dm))
                    .assertNext(ok -> {
                        assertThat(ok.accepted()).isFalse();
                        assertThat(ok.prefix()).isEqualTo("blocked");
                    })
                    .expectComplete().verify(TIMEOUT);
        } finally {
            client.close().block(TIMEOUT);
        }
    }

    /** The application: auto-configuration plus one relay policy (the README's Spring Boot example). */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {

        // tag::spring-boot-customizer[]
        @Bean
        RelayOptionsCustomizer relayPolicies() {
            return relay -> relay.rejectEvent(Policies.denyKinds(List.of(4)));   // no encrypted DMs here
        }
        // end::spring-boot-customizer[]
    }
}
