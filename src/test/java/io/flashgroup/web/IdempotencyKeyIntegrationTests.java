package io.flashgroup.web;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.flashgroup.IntegrationTestSupport;
import io.flashgroup.shared.ProblemShape;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code Idempotency-Key} header, sent byte for byte: a key of other bytes than the
 * allowed visible ASCII, or too long, is a 400 {@code idempotency-key-invalid} (it used
 * to be a 500 with a stack trace for non-ASCII bytes), no key at all is
 * {@code idempotency-key-required}, and neither reserves anything.
 */
class IdempotencyKeyIntegrationTests extends IntegrationTestSupport {

	/** Header values as raw bytes, each spoiling an otherwise valid key. */
	private static final List<byte[]> INVALID_KEYS = List.of(bytes("caf\u00e9", StandardCharsets.UTF_8),
			bytes("caf\u00e9", StandardCharsets.ISO_8859_1), new byte[] { 'k', (byte) 0xFF, 'k' },
			new byte[] { 'k', (byte) 0x80 }, new byte[] { (byte) 0xE2, (byte) 0x82, (byte) 0xAC },
			bytes("\u4e2d\u6587", StandardCharsets.UTF_8), bytes("a b"), bytes("a\tb"), bytes("{c:1}"), bytes("a\"b"),
			bytes("k".repeat(65)));

	@Test
	void refusesKeysOfOtherBytesThanVisibleAsciiAsInvalidAndReservesNothing() {
		long saleId = liveSale(10, 5);
		long groupBuyId = liveGroupBuy();
		String shopper = token("key-bytes-" + saleId, "SHOPPER");
		for (byte[] key : INVALID_KEYS) {
			String what = "key bytes " + hex(key);
			assertInvalid(what, post("/api/flash-sales/" + saleId + "/purchases", shopper, key));
			assertInvalid(what, post("/api/group-buys/" + groupBuyId + "/join", shopper, key));
		}
		assertThat(sale(saleId).path("stockLeft").asLong()).isEqualTo(10);
		assertThat(groupBuy(groupBuyId).path("stockLeft").asLong()).isEqualTo(10);
		assertThat(storedOrders(saleId)).isEmpty();
		assertThat(storedOrders(groupBuyId)).isEmpty();
	}

	@Test
	void leavesControlBytesThatAreNotHttpToTheDecoder() {
		long saleId = liveSale(10, 5);
		String shopper = token("key-control-" + saleId, "SHOPPER");
		String path = "/api/flash-sales/" + saleId + "/purchases";
		for (byte control : new byte[] { 0x00, 0x01, 0x7F }) {
			assertRefused("key with byte " + control, post(path, shopper, new byte[] { 'k', control, 'k' }),
					"malformed-request");
		}
		assertThat(sale(saleId).path("stockLeft").asLong()).isEqualTo(10);
	}

	@Test
	void asksForAKeyWhenNoneOrAnEmptyOneIsSent() {
		long saleId = liveSale(10, 5);
		String shopper = token("key-missing-" + saleId, "SHOPPER");
		String path = "/api/flash-sales/" + saleId + "/purchases";
		assertRefused("no key", post(path, shopper, null), "idempotency-key-required");
		assertRefused("empty key", post(path, shopper, new byte[0]), "idempotency-key-required");
		assertThat(sale(saleId).path("stockLeft").asLong()).isEqualTo(10);
	}

	@Test
	void acceptsTheLongestAllowedKey() {
		long saleId = liveSale(10, 5);
		String shopper = token("key-longest-" + saleId, "SHOPPER");
		String key = "A-z_0.9:".repeat(8);
		RawHttp.Response response = post("/api/flash-sales/" + saleId + "/purchases", shopper, bytes(key));
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		assertThat(sale(saleId).path("stockLeft").asLong()).isEqualTo(9);
	}

	private RawHttp.Response post(String path, String token, byte[] key) {
		ByteArrayOutputStream request = new ByteArrayOutputStream();
		request.writeBytes(bytes("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
				+ "Authorization: Bearer " + token + "\r\nContent-Type: application/json\r\nContent-Length: 14\r\n"));
		if (key != null) {
			request.writeBytes(bytes("Idempotency-Key: "));
			request.writeBytes(key);
			request.writeBytes(bytes("\r\n"));
		}
		request.writeBytes(bytes("\r\n{\"quantity\":1}"));
		return RawHttp.exchange(this.port, request.toByteArray());
	}

	private long liveGroupBuy() {
		Instant now = Instant.now();
		return json(client().post()
			.uri("/api/group-buys")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token("key-seller", "SELLER"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("sku", "K", "title", "Key group buy", "currency", "EUR", "groupPrice", 500, "groupSize",
					3, "groupTtl", "PT30M", "stock", 10, "startsAt", now.minusSeconds(5).toString(), "endsAt",
					now.plusSeconds(3600).toString()))
			.exchange(), 201).path("id").asLong();
	}

	private JsonNode groupBuy(long id) {
		return json(client().get().uri("/api/group-buys/{id}", id).exchange(), 200);
	}

	private static void assertInvalid(String what, RawHttp.Response response) {
		assertRefused(what, response, "idempotency-key-invalid");
	}

	private static void assertRefused(String what, RawHttp.Response response, String type) {
		assertThat(response.status()).as(what + ": " + response.body()).isEqualTo(400);
		assertThat(response.contentType()).as(what).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		ProblemShape.assertProblem(response.body(), 400, type);
	}

	private static byte[] bytes(String text) {
		return bytes(text, StandardCharsets.US_ASCII);
	}

	private static byte[] bytes(String text, Charset charset) {
		return text.getBytes(charset);
	}

	private static String hex(byte[] bytes) {
		return HexFormat.ofDelimiter(" ").formatHex(bytes);
	}

}
