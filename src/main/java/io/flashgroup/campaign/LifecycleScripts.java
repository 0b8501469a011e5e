package io.flashgroup.campaign;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.flashgroup.live.LiveHub;
import io.flashgroup.shared.LuaScript;
import io.flashgroup.shared.LuaScripts;
import reactor.core.publisher.Mono;

/**
 * The four lifecycle scripts every kind shares ({@code campaign_create},
 * {@code campaign_view}, {@code campaign_cancel}, {@code campaign_timers}), loaded with
 * one kind's libs and called with its keys and channels. Metrics name them per kind, e.g.
 * {@code group_buy_timers}.
 */
public final class LifecycleScripts {

	private final LuaScripts scripts;

	private final CampaignKind kind;

	private final Function<CampaignKeys, String[]> keys;

	private final String recordChannelPrefix;

	private final LuaScript create;

	private final LuaScript view;

	private final LuaScript cancel;

	private final LuaScript timers;

	/**
	 * @param scripts the script runner
	 * @param kind the kind
	 * @param keys the KEYS every script of the kind takes, as its lib names them
	 * @param recordChannelPrefix the channel prefix of its records' topics (groups,
	 * sessions), '' when it has none
	 * @param libs the kind's preludes, e.g. {@code group_lib}
	 */
	public LifecycleScripts(LuaScripts scripts, CampaignKind kind, Function<CampaignKeys, String[]> keys,
			String recordChannelPrefix, String... libs) {
		this.scripts = scripts;
		this.kind = kind;
		this.keys = keys;
		this.recordChannelPrefix = recordChannelPrefix;
		this.create = LuaScript.load("campaign_create").named(kind.tag() + "_create");
		this.view = LuaScript.load("campaign_view", libs).named(kind.tag() + "_view");
		this.cancel = LuaScript.load("campaign_cancel", libs).named(kind.tag() + "_cancel");
		this.timers = LuaScript.load("campaign_timers", libs).named(kind.tag() + "_timers");
	}

	/**
	 * Creates the hot state: the shared terms, then the kind's fields.
	 * @param campaign the campaign
	 * @param kindFields the kind's own fields (terms and counters at 0), in order
	 * @return {@code CREATED}, or {@code EXISTS} when it already has state
	 */
	public Mono<String> create(Campaign campaign, Map<String, Object> kindFields) {
		CampaignKeys keys = campaign.id().keys();
		CampaignTerms terms = campaign.terms();
		List<String> argv = new ArrayList<>(List.of(this.kind.name(), Long.toString(terms.startsAt().toEpochMilli()),
				Long.toString(terms.endsAt().toEpochMilli())));
		campaign.sharedStateFields().forEach((field, value) -> argv.addAll(List.of(field, String.valueOf(value))));
		kindFields.forEach((field, value) -> argv.addAll(List.of(field, String.valueOf(value))));
		return this.scripts.value(this.create, new String[] { keys.state(), keys.outbox(), keys.timers() },
				argv.toArray(String[]::new));
	}

	/** The live message, empty when the campaign has no hot state of this kind. */
	public Mono<String> view(CampaignId id) {
		return this.scripts.value(this.view, this.keys.apply(id.keys()));
	}

	/** The kill switch; emits {outcome, members cancelled}. */
	public Mono<List<Object>> cancel(CampaignId id) {
		return this.scripts.multi(this.cancel, this.keys.apply(id.keys()), campaignChannel(id.value()),
				recordChannelPrefix(id.value()));
	}

	/** Applies due timers; emits {applied, lag ms of the oldest applied}. */
	public Mono<List<Object>> applyTimers(CampaignKeys keys, int max) {
		return this.scripts.multi(this.timers, this.keys.apply(keys), campaignChannel(keys.campaignId()),
				recordChannelPrefix(keys.campaignId()), Integer.toString(max));
	}

	/** The campaign topic's channel, in its slot when sharded; '' for none. */
	private String campaignChannel(long id) {
		String topic = this.kind.topic(id);
		return (topic != null) ? this.scripts.channel(LiveHub.channel(topic), new CampaignKeys(id).state()) : "";
	}

	/** The records' channel prefix, in the campaign's slot when sharded. */
	private String recordChannelPrefix(long id) {
		return this.scripts.channel(this.recordChannelPrefix, new CampaignKeys(id).state());
	}

}
