package io.flashgroup.campaign;

import java.util.List;
import java.util.stream.IntStream;

import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The set of campaigns whose timers and outbox still need work. The timer worker and the
 * flusher of every node walk it; a campaign leaves it once it has ended and is fully
 * flushed. A flash sale split into buckets has one member per bucket ({@code <id>} for
 * bucket 0, {@code <id>.<k>.<K>} for bucket k of K, see {@link CampaignKeys#member}), so
 * the flusher and the other walkers of {@link #keys} serve every bucket's outbox, and
 * each bucket leaves once its own keys retired.
 */
@Component
public class ActiveCampaigns {

	static final String KEY = "flashgroup:campaigns:active";

	private static final Logger log = LoggerFactory.getLogger(ActiveCampaigns.class);

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

	/** Adds one bucket of a campaign. */
	public Mono<Void> add(CampaignKeys bucket) {
		return this.redis.sadd(KEY, bucket.member()).then();
	}

	/** Removes one bucket of a campaign. */
	public Mono<Void> remove(CampaignKeys bucket) {
		return this.redis.srem(KEY, bucket.member()).then();
	}

	/**
	 * Whether buckets {@code >= 1} of the campaign are still active: its bucket 0 (the
	 * campaign's own record) retires only after them. Asked only when bucket 0 could
	 * retire, so once per campaign. The set is read whole (see {@link #keys}).
	 */
	public Mono<Boolean> otherBucketsActive(long campaignId) {
		String prefix = campaignId + ".";
		return this.redis.smembers(KEY)
			.collectList()
			.map((members) -> members.stream().anyMatch((member) -> member.startsWith(prefix)));
	}

	/**
	 * The keys of every stock bucket of a campaign: bucket 0 alone unless it is a flash
	 * sale split into buckets (its bucket 0 records how many).
	 */
	public Mono<List<CampaignKeys>> buckets(long campaignId) {
		CampaignKeys keys = new CampaignKeys(campaignId);
		return this.redis.hget(keys.state(), "buckets")
			.map(Integer::parseInt)
			.defaultIfEmpty(1)
			.map((count) -> IntStream.range(0, count).mapToObj(keys.split(count)::inBucket).toList());
	}

	/** The ids of the active campaigns, each once (its buckets are not listed). */
	public Mono<List<Long>> all() {
		return this.redis.smembers(KEY)
			.mapNotNull(ActiveCampaigns::parse)
			.map(CampaignKeys::campaignId)
			.distinct()
			.collectList();
	}

	/**
	 * The active campaigns' keys. The set is read whole before anything is emitted:
	 * callers send Redis commands per campaign, and a command sent while a reply stream
	 * on the shared connection still waits for demand queues behind it until it times
	 * out.
	 */
	public Flux<CampaignKeys> keys() {
		return this.redis.smembers(KEY).collectList().flatMapIterable((ids) -> ids).mapNotNull(ActiveCampaigns::parse);
	}

	/**
	 * A member no node wrote (edited by hand) is skipped and logged, never allowed to
	 * fail every pass of the flusher and the timers for all the other campaigns.
	 */
	private static @Nullable CampaignKeys parse(String member) {
		try {
			return CampaignKeys.ofMember(member);
		}
		catch (IllegalArgumentException ex) {
			log.error("Skipping {} member '{}': {}", KEY, member, ex.getMessage());
			return null;
		}
	}

}
