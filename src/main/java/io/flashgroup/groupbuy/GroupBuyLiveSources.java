package io.flashgroup.groupbuy;

import org.jspecify.annotations.Nullable;
import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.order.OrderId;
import io.flashgroup.live.LiveSource;
import io.flashgroup.shared.ServerClock;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The live topic of groups, {@code group:<groupId>} (members, seats left, deadline,
 * status); the campaign's topic is {@link GroupBuyType}'s. Group topics are not
 * conflated: a group changes a few dozen times in its life, and watchers should see every
 * seat change in order. It answers from PostgreSQL once the campaign retired.
 */
@Configuration(proxyBeanMethods = false)
class GroupBuyLiveSources {

	@Bean
	LiveSource groupLiveSource(GroupBuyService groupBuys, ServerClock clock, JsonMapper json) {
		return new LiveSource() {

			@Override
			public String prefix() {
				return "group";
			}

			/** The group's campaign's slot, read from the group id. */
			@Override
			public @Nullable String slotOf(String id) {
				return OrderId.campaignOf(id).map((campaign) -> new CampaignKeys(campaign).state()).orElse(null);
			}

			@Override
			public boolean conflated() {
				return false;
			}

			@Override
			public Mono<String> snapshot(String id) {
				return groupBuys.findGroup(id)
					.map((group) -> LiveSource.versioned(liveState(json, group), clock.millis()));
			}

		};
	}

	/**
	 * What watchers see of a group: its public view with times in epoch ms, as
	 * {@code public_group} in {@code group_lib.lua} publishes it.
	 */
	static String liveState(JsonMapper json, Group group) {
		ObjectNode state = json.valueToTree(group.toView());
		state.put("deadline", group.deadline());
		state.put("createdAt", group.createdAt());
		state.put("updatedAt", group.updatedAt());
		for (int i = 0; i < group.members().size(); i++) {
			((ObjectNode) state.path("members").get(i)).put("joinedAt", group.members().get(i).joinedAt());
		}
		return json.writeValueAsString(state);
	}

}
