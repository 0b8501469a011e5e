package io.flashgroup.order;

import java.time.Duration;

import io.flashgroup.IntegrationTestSupport;
import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.shared.LuaScript;
import io.flashgroup.shared.LuaScripts;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The retire script against a campaign Redis lost: the flusher may have read the active
 * set just before the loss and call it on keys that are gone.
 */
class RetireScriptIntegrationTests extends IntegrationTestSupport {

	private static final LuaScript RETIRE = LuaScript.load("campaign_retire");

	@Autowired
	private LuaScripts scripts;

	@Test
	void neverRetiresACampaignWhoseStateRedisLost() {
		long saleId = liveSale(10, 2);
		json(purchase(saleId, token("retire-lost-" + saleId, "SHOPPER"), 1, "k1"), 201);
		await().atMost(Duration.ofSeconds(30)).until(() -> audit(saleId).path("agrees").asBoolean());
		loseHotState(saleId);

		Long retired = this.scripts.integer(RETIRE, new CampaignKeys(saleId).all(), "60").block(Duration.ofSeconds(5));

		// Retiring it would mark it retired in PostgreSQL, and a retired campaign is
		// never
		// rebuilt: its order would be lost to Redis for good.
		assertThat(retired).isZero();
		assertThat(rebuildLostCampaigns()).isPositive();
		assertThat(sale(saleId).path("stockLeft").asLong()).isEqualTo(9);
	}

}
