package io.flashgroup.groupbuy;

import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.campaign.HotState;
import io.flashgroup.campaign.KindRecovery;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * A group buy's terms and groups back in Redis after it lost them: the fields
 * {@code campaign_create.lua} writes for it, every group's latest recorded version, the
 * open set (every OPEN group scored by seats taken) with each open group's deadline
 * timer, and the group counters those imply.
 */
@Component
class GroupBuyRecovery implements KindRecovery {

	private final GroupBuyRepository repository;

	private final GroupRows groups;

	private final JsonMapper json;

	GroupBuyRecovery(GroupBuyRepository repository, GroupRows groups, JsonMapper json) {
		this.repository = repository;
		this.groups = groups;
		this.json = json;
	}

	@Override
	public String kind() {
		return "GROUP_BUY";
	}

	@Override
	public Mono<Void> rebuild(long campaignId, HotState state) {
		CampaignKeys keys = state.keys();
		return this.repository.findById(campaignId).flatMap((buy) -> {
			state.state("kind", kind())
				.state("id", buy.id())
				.state("stock", buy.stock())
				.state("groupPrice", buy.groupPrice())
				.state("leaderPrice", (buy.leaderPrice() != null) ? buy.leaderPrice().toString() : "")
				.state("soloPrice", (buy.soloPrice() != null) ? buy.soloPrice().toString() : "")
				.state("currency", buy.currency())
				.state("groupSize", buy.groupSize())
				.state("groupTtlMs", buy.groupTtl().toMillis())
				.state("perUserLimit", buy.perUserLimit())
				.state("startsAt", buy.startsAt().toEpochMilli())
				.state("endsAt", buy.endsAt().toEpochMilli())
				.state("payWindowMs", buy.payWindow().toMillis())
				.state("minRealMembers", buy.minRealMembers())
				.state("openGroups", 0)
				.state("succeededGroups", 0)
				.state("failedGroups", 0)
				.state("cancelled", buy.cancelled() ? 1 : 0);
			return this.groups.findAll(campaignId).doOnNext((group) -> {
				state.countRecord();
				state.hash(keys.groups(), group.id(), this.json.writeValueAsString(group));
				switch (group.status()) {
					case "OPEN" -> {
						state.count("openGroups", 1);
						state.sortedSet(keys.openGroups(), group.size() - group.seatsLeft(), group.id());
						state.sortedSet(keys.timers(), group.deadline(), "g:" + group.id());
					}
					case "SUCCEEDED" -> state.count("succeededGroups", 1);
					case "FAILED" -> state.count("failedGroups", 1);
					default -> {
						// cancelled groups are counted nowhere
					}
				}
			}).then();
		});
	}

}
