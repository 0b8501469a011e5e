package io.flashgroup.bargain;

import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.live.LiveSource;
import io.flashgroup.order.OrderId;
import io.flashgroup.shared.ServerClock;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Snapshots of {@code bargain:<sessionId>} topics. Not conflated: every cut arrives, in
 * order ({@code seq} is the session's version).
 */
@Component
class BargainLiveSource implements LiveSource {

	private final RedisReactiveCommands<String, String> redis;

	private final ServerClock clock;

	BargainLiveSource(RedisReactiveCommands<String, String> redis, ServerClock clock) {
		this.redis = redis;
		this.clock = clock;
	}

	@Override
	public String prefix() {
		return "bargain";
	}

	@Override
	public boolean conflated() {
		return false;
	}

	@Override
	public Mono<String> snapshot(String id) {
		return Mono.justOrEmpty(OrderId.campaignOf(id))
			.flatMap((campaignId) -> this.redis.hget(new CampaignKeys(campaignId).sessions(), id))
			.map((session) -> LiveSource.versioned(session, this.clock.millis()));
	}

}
