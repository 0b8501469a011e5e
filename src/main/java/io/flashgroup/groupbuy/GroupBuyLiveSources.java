package io.flashgroup.groupbuy;

import java.util.OptionalLong;

import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.live.LiveSource;
import io.flashgroup.order.OrderId;
import io.flashgroup.shared.ServerClock;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Live topics of group buys: {@code group-buy:<id>} (stock, open and succeeded groups)
 * and {@code group:<groupId>} (members, seats left, deadline, status). Group topics are
 * not conflated: a group changes a few dozen times in its life, and watchers should see
 * every seat change in order.
 */
@Configuration(proxyBeanMethods = false)
class GroupBuyLiveSources {

	@Bean
	LiveSource groupBuyLiveSource(GroupBuyScripts scripts) {
		return new LiveSource() {

			@Override
			public String prefix() {
				return "group-buy";
			}

			@Override
			public Mono<String> snapshot(String id) {
				OptionalLong campaignId = CampaignKeys.idOf(id);
				return campaignId.isPresent() ? scripts.view(campaignId.getAsLong()) : Mono.empty();
			}

		};
	}

	@Bean
	LiveSource groupLiveSource(RedisReactiveCommands<String, String> redis, ServerClock clock, JsonMapper json) {
		return new LiveSource() {

			@Override
			public String prefix() {
				return "group";
			}

			@Override
			public boolean conflated() {
				return false;
			}

			@Override
			public Mono<String> snapshot(String id) {
				return Mono.justOrEmpty(OrderId.campaignOf(id))
					.flatMap((campaignId) -> redis.hget(new CampaignKeys(campaignId).groups(), id))
					.map((group) -> LiveSource.versioned(withoutOrderIds(json, group), clock.millis()));
			}

		};
	}

	/** Watchers see everything of a group but its members' order ids. */
	static String withoutOrderIds(JsonMapper json, String groupJson) {
		JsonNode group = json.readTree(groupJson);
		group.path("members").forEach((member) -> ((ObjectNode) member).remove("orderId"));
		return json.writeValueAsString(group);
	}

}
