package io.flashgroup.campaign;

import java.util.List;

import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The set of campaigns whose timers and outbox still need work. The timer worker and the
 * flusher of every node walk it; a campaign leaves it once it has ended and is fully
 * flushed.
 */
@Component
public class ActiveCampaigns {

	static final String KEY = "flashgroup:campaigns:active";

	private final RedisClusterReactiveCommands<String, String> redis;

	ActiveCampaigns(RedisClusterReactiveCommands<String, String> redis) {
		this.redis = redis;
	}

	public Mono<Void> add(long campaignId) {
		return this.redis.sadd(KEY, Long.toString(campaignId)).then();
	}

	public Mono<Void> remove(long campaignId) {
		return this.redis.srem(KEY, Long.toString(campaignId)).then();
	}

	public Mono<List<Long>> all() {
		return this.redis.smembers(KEY).map(Long::parseLong).collectList();
	}

	/**
	 * The active campaigns' keys. The set is read whole before anything is emitted:
	 * callers send Redis commands per campaign, and a command sent while a reply stream
	 * on the shared connection still waits for demand queues behind it until it times
	 * out.
	 */
	public Flux<CampaignKeys> keys() {
		return this.redis.smembers(KEY)
			.collectList()
			.flatMapIterable((ids) -> ids)
			.map(Long::parseLong)
			.map(CampaignKeys::new);
	}

}
