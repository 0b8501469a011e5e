package io.flashgroup.groupbuy;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import io.flashgroup.campaign.Campaign;
import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.campaign.CampaignKind;
import io.flashgroup.campaign.CampaignType;
import io.flashgroup.campaign.Campaigns;
import io.flashgroup.campaign.HotState;
import io.flashgroup.campaign.KindColumns;
import io.flashgroup.campaign.LifecycleScripts;
import io.flashgroup.live.LiveSource;
import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Group buys as a kind of campaign: the group terms in their own columns, groups in the
 * hot state (rebuilt from their rows), the campaign topic {@code group-buy:<id>}.
 */
@Component
public class GroupBuyType implements CampaignType<CreateGroupBuy, GroupBuy, GroupBuyView>, LiveSource {

	static final CampaignKind KIND = new CampaignKind("GROUP_BUY", "Group buy", "group-buy");

	private final GroupBuyScripts scripts;

	private final GroupBuyRepository repository;

	private final GroupRows groups;

	private final Campaigns campaigns;

	private final GroupBuyProperties properties;

	private final JsonMapper json;

	GroupBuyType(GroupBuyScripts scripts, GroupBuyRepository repository, GroupRows groups, Campaigns campaigns,
			GroupBuyProperties properties, JsonMapper json) {
		this.scripts = scripts;
		this.repository = repository;
		this.groups = groups;
		this.campaigns = campaigns;
		this.properties = properties;
		this.json = json;
	}

	@Override
	public CampaignKind kind() {
		return KIND;
	}

	@Override
	public List<String> columns() {
		return List.of("leader_price", "solo_price", "group_size", "group_ttl_ms", "min_real_members");
	}

	@Override
	public KindColumns columns(CreateGroupBuy request) {
		return new KindColumns().putNullable("leader_price", request.leaderPrice(), Long.class)
			.putNullable("solo_price", request.soloPrice(), Long.class)
			.put("group_size", request.groupSize())
			.put("group_ttl_ms", request.groupTtl().toMillis())
			.putNullable("min_real_members", (request.minRealMembers() > 0) ? request.minRealMembers() : null,
					Integer.class);
	}

	@Override
	public List<Bounded> bounded(CreateGroupBuy request) {
		return List.of(new Bounded("groupTtl", request.groupTtl(), this.properties.minGroupTtl(),
				this.properties.maxGroupTtl()));
	}

	@Override
	public GroupBuy definition(Campaign campaign, Readable row) {
		Integer minReal = row.get("min_real_members", Integer.class);
		return new GroupBuy(campaign, row.get("leader_price", Long.class), row.get("solo_price", Long.class),
				row.get("group_size", Integer.class), Duration.ofMillis(row.get("group_ttl_ms", Long.class)),
				(minReal != null) ? minReal : 0);
	}

	/**
	 * A campaign without hot state: its counters come from the record. The seq lived in
	 * Redis only, so a watcher then starts at 0.
	 */
	@Override
	public Mono<Map<String, Object>> recordedState(GroupBuy buy, Instant now) {
		return this.repository.tally(buy.id()).map((tally) -> GroupBuyView.recordedState(buy, tally, now));
	}

	@Override
	public GroupBuyView view(GroupBuy buy, String liveMessage) {
		return GroupBuyView.of(buy, this.json.readValue(liveMessage, GroupBuyView.Live.class));
	}

	@Override
	public LifecycleScripts lifecycle() {
		return this.scripts.lifecycle();
	}

	@Override
	public Map<String, Object> stateFields(GroupBuy buy) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("groupPrice", buy.groupPrice());
		fields.put("leaderPrice", (buy.leaderPrice() != null) ? buy.leaderPrice().toString() : "");
		fields.put("soloPrice", (buy.soloPrice() != null) ? buy.soloPrice().toString() : "");
		fields.put("groupSize", buy.groupSize());
		fields.put("groupTtlMs", buy.groupTtl().toMillis());
		fields.put("minRealMembers", buy.minRealMembers());
		fields.put("openGroups", 0);
		fields.put("succeededGroups", 0);
		fields.put("failedGroups", 0);
		return fields;
	}

	/**
	 * Every group with its indexes: the open set and deadline timers of the open ones.
	 */
	@Override
	public Mono<Void> rebuildRecords(GroupBuy buy, HotState state) {
		CampaignKeys keys = state.keys();
		return this.groups.findAll(buy.id()).doOnNext((group) -> {
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
	}

	@Override
	public String prefix() {
		return KIND.topicPrefix();
	}

	/** The campaign's slot: its topic's channel carries {@code {c:<id>}} when sharded. */
	@Override
	public @Nullable String slotOf(String id) {
		OptionalLong campaign = CampaignKeys.idOf(id);
		return campaign.isPresent() ? new CampaignKeys(campaign.getAsLong()).state() : null;
	}

	@Override
	public Mono<String> snapshot(String id) {
		return this.campaigns.liveMessage(this, id);
	}

}
