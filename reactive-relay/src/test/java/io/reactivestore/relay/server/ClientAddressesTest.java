package io.reactivestore.relay.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who a client is: budget keys per IPv4 address or IPv6 /64, and forwarded headers only from trusted proxies. */
class ClientAddressesTest {

    private static InetAddress ip(String literal) {
        return ClientAddresses.literal(literal);
    }

    @Test
    void anIpv6ClientIsBudgetedByItsSlash64AndAnIpv4ClientByItsAddress() {
        assertThat(ClientAddresses.budgetKey(ip("2001:db8:1:2:aaaa::1")))
                .isEqualTo(ClientAddresses.budgetKey(ip("2001:db8:1:2:bbbb::9")))
                .isNotEqualTo(ClientAddresses.budgetKey(ip("2001:db8:1:3::1")));
        assertThat(ClientAddresses.budgetKey(ip("192.0.2.1"))).isEqualTo(ip("192.0.2.1"))
                .isNotEqualTo(ClientAddresses.budgetKey(ip("192.0.2.2")));
    }

    @Test
    void blocksAreIpLiteralsOrCidrsNeverHostNames() {
        assertThat(ClientAddresses.parseBlock("10.0.0.0/8").contains(ip("10.200.3.4"))).isTrue();
        assertThat(ClientAddresses.parseBlock("10.0.0.0/8").contains(ip("11.0.0.1"))).isFalse();
        assertThat(ClientAddresses.parseBlock("fd00::/8").contains(ip("fd12::1"))).isTrue();
        assertThat(ClientAddresses.parseBlock("192.0.2.7").contains(ip("192.0.2.8"))).isFalse();
        assertThat(ClientAddresses.parseBlock("proxy.example")).isNull();
        assertThat(ClientAddresses.parseBlock("10.0.0.0/33")).isNull();
    }

    @Test
    void theClientIsTheRightMostForwardedAddressThatIsNotATrustedProxy() {
        ClientAddresses addresses = new ClientAddresses(List.of("10.0.0.0/8"));
        HttpHeaders headers = new DefaultHttpHeaders()
                .add("X-Forwarded-For", "198.51.100.1, 203.0.113.5, 10.1.1.1")
                .add("X-Real-IP", "192.0.2.99");

        assertThat(addresses.client(ip("10.0.0.2"), headers)).isEqualTo(ip("203.0.113.5"));
        assertThat(addresses.client(ip("192.0.2.50"), headers)).as("untrusted peer").isEqualTo(ip("192.0.2.50"));
        assertThat(addresses.client(ip("10.0.0.2"), new DefaultHttpHeaders().add("X-Real-IP", "192.0.2.99")))
                .isEqualTo(ip("192.0.2.99"));
        assertThat(addresses.client(ip("10.0.0.2"), new DefaultHttpHeaders().add("X-Forwarded-For", "not-an-ip")))
                .as("garbage is not believed").isEqualTo(ip("10.0.0.2"));
    }
}
