package io.flashgroup.order;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.flashgroup.IntegrationTestSupport;
import io.flashgroup.campaign.CampaignKeys;
import io.lettuce.core.Consumer;
import io.lettuce.core.XReadArgs;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class OrderFlusherIntegrationTests extends IntegrationTestSupport {

	@Test
	void takesOverEntriesOfADeadConsumerAndWritesThemOnce() {
		long saleId = flushableSale();
		CampaignKeys keys = new CampaignKeys(saleId);
		String orderId = newOrderId(saleId);
		String order = order(saleId, orderId, "k");
		// The stream and group exist before the campaign is active, so only the "dead"
		// node reads it.
		this.redis
			.xgroupCreate(XReadArgs.StreamOffset.from(keys.outbox(), "0"), "flusher",
					io.lettuce.core.XGroupCreateArgs.Builder.mkstream())
			.block();
		this.redis.xadd(keys.outbox(), Map.of("order", order)).block();
		this.redis.xadd(keys.outbox(), Map.of("order", order)).block();
		assertThat(this.redis
			.xreadgroup(Consumer.from("flusher", "dead-node"), XReadArgs.StreamOffset.lastConsumed(keys.outbox()))
			.collectList()
			.block()).hasSize(2);

		this.redis.sadd("flashgroup:campaigns:active", Long.toString(saleId)).block();

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(storedOrders(saleId)).containsExactly(Map.entry(orderId, "RESERVED"));
			assertThat(this.redis.xlen(keys.outbox()).block()).isZero();
			assertThat(this.redis.xpending(keys.outbox(), "flusher").block().getCount()).isZero();
		});
	}

	/**
	 * Entries acknowledged but left in the stream (a node killed between {@code XACK} and
	 * {@code XDEL}) are not pending and not new: no read returns them again. The claim
	 * pass trims them, whether other entries are pending or not, and keeps the rest.
	 */
	@Test
	void trimsEntriesAcknowledgedButNeverDeleted() {
		long pendingSale = flushableSale();
		String pendingOrder = strandAcknowledgedEntries(pendingSale, true);
		long newSale = flushableSale();
		String newOrder = strandAcknowledgedEntries(newSale, false);

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			for (long saleId : new long[] { pendingSale, newSale }) {
				CampaignKeys keys = new CampaignKeys(saleId);
				assertThat(this.redis.xlen(keys.outbox()).block()).as("outbox of %s", saleId).isZero();
				assertThat(this.redis.xpending(keys.outbox(), "flusher").block().getCount()).isZero();
			}
			assertThat(storedOrders(pendingSale)).containsExactly(Map.entry(pendingOrder, "RESERVED"));
			assertThat(storedOrders(newSale)).containsExactly(Map.entry(newOrder, "RESERVED"));
		});
	}

	/**
	 * Two entries read and acknowledged by a "dead" node but never deleted, then a third
	 * entry with a new order: read and left pending by that node, or never read.
	 * @return the third entry's order id
	 */
	private String strandAcknowledgedEntries(long saleId, boolean lastPending) {
		CampaignKeys keys = new CampaignKeys(saleId);
		this.redis
			.xgroupCreate(XReadArgs.StreamOffset.from(keys.outbox(), "0"), "flusher",
					io.lettuce.core.XGroupCreateArgs.Builder.mkstream())
			.block();
		String first = this.redis.xadd(keys.outbox(), Map.of("order", order(saleId, newOrderId(saleId), "gone-1")))
			.block();
		String second = this.redis.xadd(keys.outbox(), Map.of("order", order(saleId, newOrderId(saleId), "gone-2")))
			.block();
		assertThat(this.redis
			.xreadgroup(Consumer.from("flusher", "dead-node"), XReadArgs.StreamOffset.lastConsumed(keys.outbox()))
			.collectList()
			.block()).hasSize(2);
		this.redis.xack(keys.outbox(), "flusher", first, second).block();
		String last = newOrderId(saleId);
		this.redis.xadd(keys.outbox(), Map.of("order", order(saleId, last, "kept"))).block();
		if (lastPending) {
			assertThat(this.redis
				.xreadgroup(Consumer.from("flusher", "dead-node"), XReadArgs.StreamOffset.lastConsumed(keys.outbox()))
				.collectList()
				.block()).hasSize(1);
		}
		this.redis.sadd("flashgroup:campaigns:active", Long.toString(saleId)).block();
		return last;
	}

	private long flushableSale() {
		return this.db
			.sql("""
					INSERT INTO campaigns (kind, seller_id, sku, title, price, currency, stock, per_user_limit, starts_at,
					                       ends_at, pay_window_ms)
					VALUES ('FLASH_SALE', 'flusher-seller', 'SKU', 'Item', 100, 'EUR', 10, 1, now(), now() + interval '1 hour',
					        60000) RETURNING id""")
			.map((row) -> row.get("id", Long.class))
			.one()
			.block();
	}

	private static String newOrderId(long saleId) {
		return OrderId.next(saleId, Instant.now().toEpochMilli()).toString();
	}

	/** An order version as the purchase script writes it to the outbox. */
	private static String order(long saleId, String orderId, String idempotencyKey) {
		long now = Instant.now().toEpochMilli();
		return """
				{"id":"%s","campaignId":%d,"kind":"FLASH_SALE","userId":"u","quantity":1,"unitPrice":100,"currency":"EUR",
				"status":"RESERVED","version":1,"createdAt":%d,"updatedAt":%d,"payBy":%d,"idempotencyKey":"%s","paymentRef":""}"""
			.formatted(orderId, saleId, now, now, now + 60000, idempotencyKey);
	}

}
