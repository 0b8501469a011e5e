package io.flashgroup.ratelimit;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The client address a per-IP bucket is keyed by. The connection's peer, unless the peer
 * is a trusted proxy: then the rightmost {@code X-Forwarded-For} entry that is not itself
 * a trusted proxy (proxies append, so entries to its left are whatever the client
 * claimed). Without trusted proxies the header is ignored: anyone can send it, and a bot
 * would name a new address per request.
 */
final class ClientAddresses {

	static final String FORWARDED_FOR = "X-Forwarded-For";

	private final List<AddressRange> trustedProxies;

	ClientAddresses(List<String> trustedProxies) {
		// Blank entries come from an unset placeholder (config/application-prod.yml): no
		// proxy.
		this.trustedProxies = trustedProxies.stream()
			.filter((range) -> !range.isBlank())
			.map(AddressRange::parse)
			.toList();
	}

	/** The client's address, empty when the request came from no known address. */
	Optional<InetAddress> of(ServerHttpRequest request) {
		InetSocketAddress remote = request.getRemoteAddress();
		InetAddress peer = (remote != null) ? remote.getAddress() : null;
		if (peer == null || !trusted(peer)) {
			return Optional.ofNullable(peer);
		}
		// Every X-Forwarded-For line, split at its commas, in order.
		List<String> hops = request.getHeaders().getValuesAsList(FORWARDED_FOR);
		for (int i = hops.size() - 1; i >= 0; i--) {
			InetAddress hop = AddressRange.literal(hops.get(i));
			if (hop == null) {
				// A proxy we trust passed on something that is not an address: the peer
				// is all we know.
				return Optional.of(peer);
			}
			if (!trusted(hop)) {
				return Optional.of(hop);
			}
		}
		return Optional.of(peer);
	}

	private boolean trusted(InetAddress address) {
		return this.trustedProxies.stream().anyMatch((range) -> range.contains(address));
	}

}
