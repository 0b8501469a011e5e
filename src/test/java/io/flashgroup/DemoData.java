package io.flashgroup;

import java.time.Duration;
import java.time.Instant;

import io.flashgroup.bargain.BargainType;
import io.flashgroup.bargain.BargainView;
import io.flashgroup.bargain.CreateBargain;
import io.flashgroup.campaign.Campaigns;
import io.flashgroup.campaign.ShareCoupon;
import io.flashgroup.flashsale.CreateFlashSale;
import io.flashgroup.flashsale.FlashSaleType;
import io.flashgroup.flashsale.FlashSaleView;
import io.flashgroup.groupbuy.CreateGroupBuy;
import io.flashgroup.groupbuy.GroupBuyType;
import io.flashgroup.groupbuy.GroupBuyView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Demo campaigns for the dev run: one flash sale live now, one starting a minute after
 * boot, a group buy of three and a bargain of five cuts. Not a component, so the test
 * suite never picks it up; the dev run adds it explicitly.
 */
class DemoData {

	private static final Logger log = LoggerFactory.getLogger(DemoData.class);

	@Bean
	ApplicationRunner demoCampaigns(Campaigns campaigns, FlashSaleType sales, GroupBuyType groupBuys,
			BargainType bargains, Environment environment) {
		return (args) -> {
			Instant now = Instant.now();
			FlashSaleView live = campaigns
				.create(sales, "demo-seller",
						new CreateFlashSale("SKU-PHONE-1", "Phone X, 60% off", null, 19_900L, "EUR", 100, 2,
								now.minusSeconds(60), now.plus(Duration.ofHours(2)), Duration.ofMinutes(10),
								new ShareCoupon(new ShareCoupon.Discount(500L, null, null), 1_000L, Duration.ofDays(7),
										5, ShareCoupon.Scope.SHOP),
								null))
				.block();
			FlashSaleView soon = campaigns
				.create(sales, "demo-seller",
						new CreateFlashSale("SKU-EARBUDS-2", "Earbuds Pro, 1 euro", null, 100L, "EUR", 50, 1,
								now.plusSeconds(60), now.plus(Duration.ofHours(2)), Duration.ofMinutes(5), null, null))
				.block();
			GroupBuyView teaSet = campaigns
				.create(groupBuys, "demo-seller",
						new CreateGroupBuy("SKU-TEA-3", "Tea set, 3 friends", null, "EUR", 2_900L, 1_900L, 5_900L, 3,
								Duration.ofMinutes(30), 300, 2, now.minusSeconds(60), now.plus(Duration.ofHours(2)),
								Duration.ofMinutes(10), null,
								new ShareCoupon(new ShareCoupon.Discount(null, 10, 300L), null, null, 3, null)))
				.block();
			BargainView cooker = campaigns
				.create(bargains, "demo-seller",
						new CreateBargain("SKU-COOKER-4", "Rice cooker, cut it to 99 euros", null, "EUR", 19_900L,
								9_900L, 5, Duration.ofHours(1), 50, 1, 3, now.minusSeconds(60),
								now.plus(Duration.ofHours(2)), Duration.ofMinutes(10), null))
				.block();
			String port = environment.getProperty("local.server.port", "8080");
			String base = "http://127.0.0.1:" + port;
			log.info(
					"""

							Flashgroup dev run ready (embedded PostgreSQL and Redis, demo data seeded)
							  Sales (live, upcoming)  %1$s/api/flash-sales
							  Live sale               %1$s/api/flash-sales/%2$d
							  Sale starting in 1 min  %1$s/api/flash-sales/%3$d
							  Group buy (3 friends)   %1$s/api/group-buys/%5$d  (open groups: /api/group-buys/%5$d/groups)
							  Bargain (5 cuts)        %1$s/api/bargains/%6$d  (start: POST /api/bargains/%6$d/sessions)
							  Live stream (SSE)       %1$s/api/live/flash-sale:%2$d
							  WebSocket               ws://127.0.0.1:%4$s/ws  then send {"op":"subscribe","topic":"flash-sale:%2$d"}
							  Health, metrics         %1$s/actuator/health  %1$s/actuator/prometheus
							  Dev token               curl -s -X POST %1$s/api/dev/tokens -H 'Content-Type: application/json' -d '{"userId":"u1","roles":["SHOPPER"]}'
							"""
						.formatted(base, live.id(), soon.id(), port, teaSet.id(), cooker.id()));
		};
	}

}
