package io.flashgroup.nodes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.flashgroup.nodes.Purchases.Purchase;
import io.flashgroup.nodes.Purchases.Reply;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two server nodes on one Redis Cluster behave as one: a rush split over both holds every
 * invariant, and a watcher on one node sees what shoppers do on the other.
 */
class TwoNodesClusterIntegrationTests extends TwoNodesSupport {

	private static final int STOCK = 120;

	private static final int LIMIT = 2;

	@Test
	void aRushSpreadOverBothNodesHoldsEveryInvariant() {
		int a = nodeA().port(), b = nodeB();
		long saleId = liveSale(STOCK, LIMIT);
		int shoppers = 200;
		List<String> tokens = shopperTokens("two-" + saleId + "-", shoppers);
		List<Purchase> purchases = new ArrayList<>();
		for (int i = 0; i < shoppers; i++) {
			// Three one-unit purchases per shopper against a limit of two, alternating
			// nodes; the first one is also sent to the other node at the same moment (a
			// client retrying a request it thinks lost).
			for (int p = 0; p < 3; p++) {
				int first = ((i + p) % 2 == 0) ? a : b;
				Purchase purchase = new Purchase("two-" + saleId + "-" + i, tokens.get(i), "k" + p, 1, first,
						(first == a) ? b : a);
				purchases.add(purchase);
				if (p == 0) {
					purchases.add(purchase.flipped());
				}
			}
		}

		List<Reply> replies = Purchases.rush(saleId, purchases, 64);
		// Every key asked once more on the other node, after its answer: a late retry.
		List<Purchase> retries = replies.stream()
			.map(Reply::purchase)
			.distinct()
			.map((purchase) -> (purchase.key().equals("k0")) ? purchase : purchase.flipped())
			.toList();
		List<Reply> all = new ArrayList<>(replies);
		all.addAll(Purchases.rush(saleId, retries, 64));

		assertThat(all).allSatisfy((reply) -> assertThat(reply.status()).as("%s", reply).isIn(201, 409));
		assertThat(all.stream().flatMap((reply) -> reply.tries().stream()))
			.allSatisfy((t) -> assertThat(t.status()).as("a try answered %s", t).isNotEqualTo(500));
		Map<String, List<Reply>> byKey = all.stream().collect(Collectors.groupingBy(TwoNodesSupport::keyOf));
		Map<String, String> orderByKey = new HashMap<>();
		byKey.forEach((key, answers) -> {
			// A refusal changed nothing and is not remembered: a retry is judged
			// again (sold-out where limit-reached before). Acceptance must repeat.
			Set<String> outcomes = answers.stream()
				.map((reply) -> (reply.status() == 201) ? reply.orderId() : "refused")
				.collect(Collectors.toSet());
			assertThat(outcomes).as("every answer for %s", key).hasSize(1);
			if (answers.get(0).status() == 201) {
				orderByKey.put(key, answers.get(0).orderId());
			}
		});
		assertThat(new HashSet<>(orderByKey.values())).as("one order per accepted key").hasSize(orderByKey.size());
		assertThat(orderByKey).as("units sold: stock, never more").hasSize(STOCK);
		Map<String, Long> perShopper = orderByKey.keySet()
			.stream()
			.collect(Collectors.groupingBy((key) -> key.substring(0, key.indexOf('/')), Collectors.counting()));
		assertThat(perShopper.values()).allSatisfy((units) -> assertThat(units).isLessThanOrEqualTo(LIMIT));
		assertThat(replies.stream().filter((reply) -> reply.status() == 201).map(Reply::port).distinct())
			.as("both nodes sold")
			.containsExactlyInAnyOrder(a, b);

		await().atMost(Duration.ofSeconds(60)).until(() -> audit(saleId).path("agrees").asBoolean());
		JsonNode audit = audit(saleId);
		assertThat(audit.path("redis").path("sold").asLong()).isEqualTo(STOCK);
		assertThat(auditOn(a, saleId).path("agrees").asBoolean()).as("node A's audit").isTrue();
		assertThat(storedOrders(saleId).keySet()).containsExactlyInAnyOrderElementsOf(orderByKey.values());
		assertThat(duplicateKeysInPostgres(saleId)).isZero();
		assertThat(heldUnitsInPostgres(saleId)).isEqualTo(STOCK);
	}

	@Test
	void aWatcherOnNodeBSeesPurchasesMadeOnNodeA() {
		int a = nodeA().port();
		long saleId = liveSale(20, 1);
		List<String> tokens = shopperTokens("watched-" + saleId + "-", 25);
		try (Watcher watcher = watchTopic("flash-sale:" + saleId)) {
			await().atMost(Duration.ofSeconds(10))
				.until(() -> last(watcher).path("type").asString().equals("snapshot"));
			List<Reply> first = Purchases.rush(saleId,
					List.of(new Purchase("watched-" + saleId + "-0", tokens.get(0), "w", 1, a, a)), 1);
			assertThat(first.get(0).status()).isEqualTo(201);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> last(watcher).path("state").path("stockLeft").asLong() == 19);

			List<Purchase> rush = new ArrayList<>();
			for (int i = 1; i < 25; i++) {
				rush.add(new Purchase("watched-" + saleId + "-" + i, tokens.get(i), "w", 1, a, a));
			}
			assertThat(Purchases.rush(saleId, rush, 24).stream().map(Reply::status)).containsOnly(201, 409)
				.filteredOn((status) -> status == 201)
				.hasSize(19);

			await().atMost(Duration.ofSeconds(10))
				.until(() -> last(watcher).path("state").path("status").asString().equals("SOLD_OUT"));
			JsonNode finalState = last(watcher).path("state");
			assertThat(finalState.path("stockLeft").asLong()).isZero();
			assertThat(finalState.path("sold").asLong()).isEqualTo(20);
			List<Long> seqs = watcher.received()
				.stream()
				.filter((m) -> m.has("seq"))
				.map((m) -> m.path("seq").asLong())
				.toList();
			assertThat(seqs).isSorted().doesNotHaveDuplicates();
		}
	}

	private static JsonNode last(Watcher watcher) {
		List<JsonNode> received = watcher.received();
		return received.isEmpty() ? NullNode.getInstance() : received.get(received.size() - 1);
	}

	private JsonNode auditOn(int port, long saleId) {
		return json(clientOf(port).get()
			.uri("/api/ops/campaigns/{id}/audit", saleId)
			.header("Authorization", "Bearer " + token("audit-ops", "OPS"))
			.exchange(), 200);
	}

}
