package io.flashgroup.level;

import java.util.Collection;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Shoppers' levels, for the feed (beside a sharer's name) and giveaways (minimum level,
 * weights). Placeholder until the experience ledger lands: everyone is level 0.
 */
@Service
public class Levels {

	/** The shopper's current level (0 for a shopper without settled experience). */
	public Mono<Integer> levelOf(String userId) {
		return Mono.just(0);
	}

	/** The levels of several shoppers at once (each present in the answer). */
	public Mono<Map<String, Integer>> levelsOf(Collection<String> userIds) {
		return Mono.just(userIds.stream().distinct().collect(Collectors.toMap(Function.identity(), (id) -> 0)));
	}

}
