package io.flashgroup.ratelimit;

import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ClientAddressesTests {

	private final ClientAddresses behindProxies = new ClientAddresses(List.of("10.0.0.1", "172.16.0.0/12"));

	@Test
	void ignoresForwardedForFromAPeerThatIsNotATrustedProxy() {
		assertThat(client(new ClientAddresses(List.of()), "198.51.100.7", "203.0.113.1")).isEqualTo("198.51.100.7");
		assertThat(client(this.behindProxies, "198.51.100.7", "203.0.113.1")).isEqualTo("198.51.100.7");
	}

	@Test
	void takesTheRightmostAddressThatIsNotATrustedProxy() {
		assertThat(client(this.behindProxies, "10.0.0.1", "192.0.2.66, 203.0.113.1")).isEqualTo("203.0.113.1");
		assertThat(client(this.behindProxies, "10.0.0.1", "203.0.113.1, 172.20.1.1")).isEqualTo("203.0.113.1");
		assertThat(client(this.behindProxies, "10.0.0.1", "[2001:db8::1]")).isEqualTo("2001:db8:0:0:0:0:0:1");
	}

	@Test
	void fallsBackToThePeerWhenTheHeaderNamesNoAddress() {
		assertThat(client(this.behindProxies, "10.0.0.1", null)).isEqualTo("10.0.0.1");
		assertThat(client(this.behindProxies, "10.0.0.1", "unknown")).isEqualTo("10.0.0.1");
		assertThat(client(this.behindProxies, "10.0.0.1", "evil.example.com")).isEqualTo("10.0.0.1");
	}

	@Test
	void trustsNoProxyWhenThePlaceholderIsEmpty() {
		assertThat(client(new ClientAddresses(List.of("")), "10.0.0.1", "203.0.113.1")).isEqualTo("10.0.0.1");
	}

	@Test
	void refusesTrustedProxiesThatAreNotAddresses() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ClientAddresses(List.of("proxy.internal")));
		assertThatIllegalArgumentException().isThrownBy(() -> new ClientAddresses(List.of("10.0.0.0/33")));
	}

	private static String client(ClientAddresses addresses, String peer, String forwardedFor) {
		MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.post("/api/flash-sales/1/purchases")
			.remoteAddress(new InetSocketAddress(peer, 40000));
		if (forwardedFor != null) {
			request.header(ClientAddresses.FORWARDED_FOR, forwardedFor);
		}
		return addresses.of(request.build()).orElseThrow().getHostAddress();
	}

}
