package io.flashgroup.ratelimit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * An IP address or CIDR range ({@code 10.0.0.0/8}, {@code 2001:db8::/32}), e.g. of a
 * trusted proxy. Addresses are IP literals only, parsed without any name lookup (which
 * would block).
 */
record AddressRange(byte[] network, int prefix) {

	private static final Pattern IP_LITERAL = Pattern
		.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

	/** Parses {@code address} or {@code address/prefix}; refuses anything else. */
	static AddressRange parse(String range) {
		String[] parts = range.trim().split("/", 2);
		InetAddress address = literal(parts[0]);
		if (address == null) {
			throw new IllegalArgumentException("Not an IP address or CIDR range: " + range);
		}
		int bits = address.getAddress().length * 8;
		int prefix = (parts.length == 2) ? Integer.parseInt(parts[1]) : bits;
		if (prefix < 0 || prefix > bits) {
			throw new IllegalArgumentException("Prefix out of range in " + range);
		}
		return new AddressRange(address.getAddress(), prefix);
	}

	/** The address an IP literal names, or null when the text is not one. */
	static @Nullable InetAddress literal(String text) {
		String trimmed = text.trim();
		if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
			trimmed = trimmed.substring(1, trimmed.length() - 1);
		}
		if (!IP_LITERAL.matcher(trimmed).matches()) {
			return null;
		}
		try {
			// Only digits, dots and colons: getByName parses it and never asks a
			// resolver.
			return InetAddress.getByName(trimmed);
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	boolean contains(InetAddress address) {
		byte[] bytes = address.getAddress();
		if (bytes.length != this.network.length) {
			return false;
		}
		int full = this.prefix / 8;
		for (int i = 0; i < full; i++) {
			if (bytes[i] != this.network[i]) {
				return false;
			}
		}
		int rest = this.prefix % 8;
		if (rest == 0) {
			return true;
		}
		int mask = (0xFF << (8 - rest)) & 0xFF;
		return (bytes[full] & mask) == (this.network[full] & mask);
	}

}
