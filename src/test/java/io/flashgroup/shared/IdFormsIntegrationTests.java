package io.flashgroup.shared;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One written form per id: campaign ids are ASCII digits without sign or leading zero,
 * group, session and order ids the lowercase canonical UUID. Any other spelling is not
 * found, on REST, SSE and WebSocket alike, and changes nothing.
 */
class IdFormsIntegrationTests extends EdgeTestSupport {

	@Test
	void doesNotCancelASaleNamedWithNonAsciiDigits() {
		String seller = "arabic-seller-" + System.nanoTime();
		long saleId = json(post("/api/flash-sales", token(seller, "SELLER"), flashSaleBody()), 201).path("id").asLong();
		problem(client().post()
			.uri("/api/flash-sales/{id}/cancel", arabicIndic(Long.toString(saleId)))
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token(seller, "SELLER"))
			.exchange(), 404, "not-found");
		assertThat(sale(saleId).path("status").asString()).isEqualTo("LIVE");
	}

	@Test
	void doesNotSellThroughASignedOrZeroPaddedSaleId() {
		long saleId = created("/api/flash-sales", flashSaleBody());
		String shopper = token("signed-shopper-" + saleId, "SHOPPER");
		for (String id : List.of("+" + saleId, "0" + saleId, saleId + " ", "-" + saleId, saleId + ".0",
				arabicIndic(Long.toString(saleId)))) {
			problem(post("/api/flash-sales/{id}/purchases", shopper, "{\"quantity\":1}", id), 404, "not-found");
			problem(client().get().uri("/api/flash-sales/{id}", id).exchange(), 404, "not-found");
		}
		assertThat(sale(saleId).path("stockLeft").asLong()).isEqualTo(10);
		assertThat(storedOrders(saleId)).isEmpty();
	}

	@Test
	void answersNotFoundForOtherSpellingsOfAGroupOrOrderId() {
		long campaignId = created("/api/group-buys", groupBuyBody());
		String leader = token("spelling-leader-" + campaignId, "SHOPPER");
		JsonNode opened = json(post("/api/group-buys/" + campaignId + "/groups", leader, "{}"), 201);
		String groupId = opened.path("group").path("id").asString();
		String orderId = opened.path("order").path("id").asString();
		json(client().get().uri("/api/groups/{id}", groupId).exchange(), 200);
		String joiner = token("spelling-joiner-" + campaignId, "SHOPPER");
		for (String variant : variants(groupId)) {
			problem(client().get().uri("/api/groups/{id}", variant).exchange(), 404, "not-found");
			problem(post("/api/groups/{id}/members", joiner, "{}", variant), 404, "not-found");
		}
		for (String variant : variants(orderId)) {
			problem(client().get()
				.uri("/api/orders/{id}", variant)
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + leader)
				.exchange(), 404, "not-found");
			problem(post("/api/orders/{id}/payment", leader, "{}", variant), 404, "not-found");
		}
		JsonNode group = json(client().get().uri("/api/groups/{id}", groupId).exchange(), 200);
		assertThat(group.path("members")).hasSize(1);
		assertThat(group.path("paidMembers").asInt()).isZero();
	}

	@Test
	void answersNotFoundOnTheLiveStreamForOtherSpellingsOfATopic() {
		long saleId = created("/api/flash-sales", flashSaleBody());
		for (String topic : List.of("flash-sale:" + arabicIndic(Long.toString(saleId)), "flash-sale:+" + saleId,
				"flash-sale:0" + saleId)) {
			problem(client().get().uri("/api/live/{topic}", topic).accept(MediaType.TEXT_EVENT_STREAM).exchange(), 404,
					"not-found");
		}
	}

	@Test
	void answersNotFoundOnTheWebSocketForOtherSpellingsOfATopic() {
		long campaignId = created("/api/group-buys", groupBuyBody());
		String groupId = json(
				post("/api/group-buys/" + campaignId + "/groups", token("ws-leader-" + campaignId, "SHOPPER"), "{}"),
				201)
			.path("group")
			.path("id")
			.asString();
		List<String> topics = List.of("group-buy:" + arabicIndic(Long.toString(campaignId)), "group-buy:+" + campaignId,
				"group-buy:0" + campaignId, "group:" + groupId.toUpperCase(Locale.ROOT),
				"group:" + arabicIndic(groupId));
		for (String topic : topics) {
			try (Watcher watcher = watchTopic(topic)) {
				await().atMost(Duration.ofSeconds(10)).until(() -> watcher.received().size() >= 2);
				JsonNode answer = watcher.received().get(1);
				assertThat(answer.path("type").asString()).as(topic).isEqualTo("error");
				assertThat(answer.path("topic").asString()).isEqualTo(topic);
				assertThat(answer.path("problem").asString()).isEqualTo("not-found");
			}
		}
	}

	/** Spellings of a UUID that {@code UUID.fromString} reads as the same id. */
	private static List<String> variants(String uuid) {
		return List.of(uuid.toUpperCase(Locale.ROOT), arabicIndic(uuid), "{" + uuid + "}", uuid + " ");
	}

	/** Every ASCII digit written as an Arabic-Indic digit (U+0660..U+0669). */
	static String arabicIndic(String text) {
		StringBuilder out = new StringBuilder(text);
		for (int i = 0; i < out.length(); i++) {
			char c = out.charAt(i);
			if (c >= '0' && c <= '9') {
				out.setCharAt(i, (char) ('\u0660' + (c - '0')));
			}
		}
		return out.toString();
	}

}
