package io.reactivestore.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivestore.relay.server.NostrRelay;
import io.reactivestore.relay.server.RelayOptions;
import io.reactivestore.store.EventStore;
import io.reactivestore.store.memory.MemoryEventStore;
import io.reactivestore.testing.ForwardingEventStore;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.Mono;

/** {@link ReactiveRelayAutoConfiguration}: one condition per test. */
class ReactiveRelayAutoConfigurationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ReactiveStoreAutoConfiguration.class,
                    ReactiveRelayAutoConfiguration.class))
            .withPropertyValues("reactive-store.type=memory");

    @Test
    void theRelayIsNotStartedByDefault() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(EventStore.class);
            assertThat(context).doesNotHaveBean(NostrRelay.class);
        });
    }

    @Test
    void anEnabledRelayServesItsNip11FieldsAndLimitsFromProperties() {
        runner.withPropertyValues("reactive-store.relay.enabled=true", "reactive-store.relay.port=0",
                "reactive-store.relay.name=spring relay", "reactive-store.relay.description=from properties",
                "reactive-store.relay.max-message-bytes=65536", "reactive-store.relay.max-subscriptions=7",
                "reactive-store.relay.max-limit=100", "reactive-store.relay.default-limit=50")
                .run(context -> {
                    NostrRelay relay = context.getBean(NostrRelay.class);
                    assertThat(relay.port()).isPositive();
                    String nip11 = nip11(relay);
                    assertThat(nip11).contains("\"name\":\"spring relay\"", "\"description\":\"from properties\"",
                            "\"max_message_length\":65536", "\"max_subscriptions\":7", "\"max_limit\":100",
                            "\"default_limit\":50");
                });
    }

    @Test
    void customizersAdjustTheOptionsAfterTheProperties() {
        runner.withPropertyValues("reactive-store.relay.enabled=true", "reactive-store.relay.port=0",
                        "reactive-store.relay.name=from properties")
                .withBean(RelayOptionsCustomizer.class, () -> builder -> builder.name("customized"))
                .run(context -> assertThat(nip11(context.getBean(NostrRelay.class)))
                        .contains("\"name\":\"customized\""));
    }

    @Test
    void noRelayWithoutReactiveRelayOnTheClasspath() {
        runner.withPropertyValues("reactive-store.relay.enabled=true", "reactive-store.relay.port=0")
                .withClassLoader(new FilteredClassLoader(NostrRelay.class))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean("nostrRelay");
                });
    }

    @Test
    void thePropertiesDefaultsAreTheRelaysDefaults() {
        runner.withPropertyValues("reactive-store.relay.enabled=true", "reactive-store.relay.port=0")
                .run(context -> {
                    RelayOptions fromProperties = ReactiveRelayAutoConfiguration
                            .options(context.getBean(ReactiveRelayProperties.class)).port(7777).build();
                    RelayOptions defaults = RelayOptions.defaults();
                    assertThat(fromProperties).usingRecursiveComparison()
                            .comparingOnlyFields("host", "port", "publicUrl", "name", "description", "adminPubkey",
                                    "contact", "maxMessageBytes", "maxSubscriptions", "maxFiltersPerRequest",
                                    "maxLimit", "defaultLimit", "maxEventTags", "maxContentLength",
                                    "maxConnections", "eventsPerSecondPerConnection", "eventsPerSecondPerIp",
                                    "requestsPerSecondPerConnection", "requestsPerSecondPerIp",
                                    "minPowDifficulty", "authRequiredForReads", "authRequiredForWrites",
                                    "createdAtPast", "createdAtFuture", "shutdownTimeout")
                            .isEqualTo(defaults);
                });
    }

    @Test
    void closingTheContextShutsTheRelayDownBeforeTheStoreCloses() {
        AtomicReference<NostrRelay> relay = new AtomicReference<>();
        AtomicReference<Boolean> relayListeningWhenStoreClosed = new AtomicReference<>();
        EventStore store = new ForwardingEventStore(MemoryEventStore.create()) {
            @Override
            public Mono<Void> close() {
                relayListeningWhenStoreClosed.set(listening(relay.get().port()));
                return super.close();
            }
        };
        runner.withPropertyValues("reactive-store.relay.enabled=true", "reactive-store.relay.port=0")
                // as for an @Bean method: Spring infers close() and awaits the Mono it returns
                .withBean(EventStore.class, () -> store,
                        bd -> bd.setDestroyMethodName(AbstractBeanDefinition.INFER_METHOD))
                .run(context -> {
                    relay.set(context.getBean(NostrRelay.class));
                    assertThat(listening(relay.get().port())).isTrue();
                });
        assertThat(relayListeningWhenStoreClosed.get()).as("relay still listening when the store closed")
                .isFalse();
        assertThat(listening(relay.get().port())).isFalse();
    }

    @Test
    void theRelayLeavesClosingTheStoreToTheStoresOwnLifecycle() {
        runner.withPropertyValues("reactive-store.relay.enabled=true", "reactive-store.relay.port=0")
                .run(context -> assertThat(ReactiveRelayAutoConfiguration
                        .options(context.getBean(ReactiveRelayProperties.class)).build().closeStoreOnShutdown())
                        .isFalse());
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String nip11(NostrRelay relay) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder()
                        .uri(URI.create("http://127.0.0.1:" + relay.port() + "/"))
                        .header("Accept", "application/nostr+json").timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
