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
		long saleId = this.db
			.sql("""
					INSERT INTO campaigns (kind, seller_id, sku, title, price, currency, stock, per_user_limit, starts_at,
					                       ends_at, pay_window_ms)
					VALUES ('FLASH_SALE', 'flusher-seller', 'SKU', 'Item', 100, 'EUR', 10, 1, now(), now() + interval '1 hour',
					        60000) RETURNING id""")
			.map((row) -> row.get("id", Long.class))
			.one()
			.block();
		CampaignKeys keys = new CampaignKeys(saleId);
		long now = Instant.now().toEpochMilli();
		String orderId = OrderId.next(saleId, now).toString();
		String order = """
				{"id":"%s","campaignId":%d,"kind":"FLASH_SALE","userId":"u","quantity":1,"unitPrice":100,"currency":"EUR",
				"status":"RESERVED","version":1,"createdAt":%d,"updatedAt":%d,"payBy":%d,"idempotencyKey":"k","paymentRef":""}"""
			.formatted(orderId, saleId, now, now, now + 60000);
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

}
