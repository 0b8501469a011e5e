package io.flashgroup.nodes;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import io.flashgroup.NodeProcess;
import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.nodes.Purchases.Progress;
import io.flashgroup.nodes.Purchases.Purchase;
import io.flashgroup.nodes.Purchases.Reply;
import io.lettuce.core.Limit;
import io.lettuce.core.models.stream.PendingMessage;
import io.lettuce.core.Range;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Node A is SIGKILLed in the middle of a rush, its flusher holding a batch it read and
 * had not acknowledged (its PostgreSQL answers slowly): node B takes the batch over,
 * applies the pay-window timers of A's reservations on time, and PostgreSQL ends with
 * every accepted order exactly once.
 */
class NodeCrashClusterIntegrationTests extends TwoNodesSupport {

	private static final int STOCK = 150;

	private static final Duration PAY_WINDOW = Duration.ofSeconds(8);

	@Test
	void killingNodeAMidRushLeavesNothingBehind() throws Exception {
		NodeProcess nodeA = nodeA();
		int a = nodeA.port(), b = nodeB();
		Instant now = Instant.now();
		long saleId = createSale("crash-seller-" + System.nanoTime(), STOCK, 2, now.minusSeconds(5),
				now.plusSeconds(3600), PAY_WINDOW);
		CampaignKeys keys = new CampaignKeys(saleId);
		int shoppers = 200;
		List<String> tokens = shopperTokens("crash-" + saleId + "-", shoppers);
		List<Purchase> purchases = new ArrayList<>();
		for (int i = 0; i < shoppers; i++) {
			for (int p = 0; p < 2; p++) {
				boolean toA = (i + p) % 3 != 0;
				purchases.add(
						new Purchase("crash-" + saleId + "-" + i, tokens.get(i), "k" + p, 1, toA ? a : b, toA ? b : a));
			}
		}
		String consumerOfA = nodeA.pid() + "@";

		DelayingProxy postgres = postgresOfA();
		Progress progress = new Progress(a);
		AtomicReference<List<String>> leftByA = new AtomicReference<>(List.of());
		// Node A's flusher now holds each batch while its writes take 300 ms each way.
		postgres.delay(Duration.ofMillis(300));
		CompletableFuture<List<Reply>> rush = CompletableFuture
			.supplyAsync(() -> Purchases.rush(saleId, purchases, 32, Duration.ofMillis(5), progress));
		try {
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> progress.accepted() > 0
						&& !leftByA.updateAndGet((seen) -> pendingOf(keys, consumerOfA)).isEmpty());
			nodeA.kill();
		}
		finally {
			postgres.delay(Duration.ZERO);
		}
		List<Reply> replies = rush.get(120, TimeUnit.SECONDS);

		assertThat(replies).allSatisfy((reply) -> assertThat(reply.status()).as("%s", reply).isIn(201, 409));
		assertThat(replies.stream().flatMap((reply) -> reply.tries().stream()))
			.allSatisfy((t) -> assertThat(t.status()).as("a try answered %s", t).isNotEqualTo(500));
		assertThat(replies.stream().anyMatch((reply) -> reply.tries().get(0).status() < 0))
			.as("some shoppers' requests to node A died with it and were retried on node B")
			.isTrue();
		Map<String, String> accepted = replies.stream()
			.filter((reply) -> reply.status() == 201)
			.collect(Collectors.toMap(TwoNodesSupport::keyOf, Reply::orderId));
		// More than the stock may be accepted in all when reservations expire during the
		// rush (a slow machine) and give their units back; the audit checks what is held.
		assertThat(Set.copyOf(accepted.values())).hasSize(accepted.size());

		// Node B took over what A had read: the entries leave A's pending list and the
		// stream (written, acknowledged, deleted), and every accepted order reaches
		// PostgreSQL once.
		await().atMost(Duration.ofSeconds(60)).until(() -> pendingOf(keys, consumerOfA).isEmpty());
		assertThat(leftByA.get()).allSatisfy((entry) -> assertThat(
				this.redis.xrange(keys.outbox(), Range.create(entry, entry)).collectList().block(Duration.ofSeconds(5)))
			.as("entry %s node A left: written by node B, then deleted", entry)
			.isEmpty());
		await().atMost(Duration.ofSeconds(60))
			.until(() -> storedOrders(saleId).keySet().containsAll(accepted.values()));
		assertThat(storedOrders(saleId).keySet()).containsExactlyInAnyOrderElementsOf(accepted.values());
		assertThat(duplicateKeysInPostgres(saleId)).isZero();

		// No node A any more: node B's timers expire every reservation at its pay-by.
		await().atMost(PAY_WINDOW.plusSeconds(60))
			.until(() -> storedOrders(saleId).values().stream().allMatch("EXPIRED"::equals));
		assertThat(expiryLatenessMillis(saleId)).as("latest expiry after its pay-by, ms").isLessThan(2000);
		await().atMost(Duration.ofSeconds(30)).until(() -> audit(saleId).path("agrees").asBoolean());
		assertThat(audit(saleId).path("invariants").path("noOversell").asBoolean()).isTrue();
		assertThat(sale(saleId).path("stockLeft").asLong()).isEqualTo(STOCK);
		assertThat(this.redis.xrange(keys.outbox(), Range.unbounded()).collectList().block(Duration.ofSeconds(5)))
			.isEmpty();
	}

	/** Ids of the outbox entries a consumer whose name starts with the prefix holds. */
	private List<String> pendingOf(CampaignKeys keys, String consumerPrefix) {
		return this.redis.xpending(keys.outbox(), "flusher", Range.unbounded(), Limit.from(10_000))
			.filter((pending) -> pending.getConsumer().startsWith(consumerPrefix))
			.map(PendingMessage::getId)
			.collectList()
			.onErrorReturn(List.of())
			.block(Duration.ofSeconds(5));
	}

	private long expiryLatenessMillis(long saleId) {
		Double lateness = this.db
			.sql("SELECT (coalesce(max(extract(epoch FROM updated_at - pay_by)), 0) * 1000)::float8 AS ms FROM orders "
					+ "WHERE campaign_id = $1 AND status = 'EXPIRED'")
			.bind(0, saleId)
			.map((row) -> row.get("ms", Double.class))
			.one()
			.block(Duration.ofSeconds(10));
		return (lateness != null) ? lateness.longValue() : 0;
	}

}
