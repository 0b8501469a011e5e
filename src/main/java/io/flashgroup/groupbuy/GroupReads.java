package io.flashgroup.groupbuy;

import java.util.function.Supplier;

import io.flashgroup.live.HeldViews;
import io.flashgroup.live.LiveSource;
import io.flashgroup.order.OrderId;
import io.flashgroup.shared.ProblemException;
import io.flashgroup.shared.ServerClock;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * {@code GET /api/groups/{id}} from the node's held copy ({@link HeldViews}), kept
 * current by the group's topic (not conflated: every seat change arrives). Only an open
 * group is held, until just before its deadline; a closed or unknown group answers from
 * Redis or PostgreSQL as before.
 */
@Component
class GroupReads {

	/** How long before its deadline a held group stops being served. */
	static final long DEADLINE_MARGIN_MS = 1_000;

	private final GroupBuyService groupBuys;

	private final HeldViews held;

	private final ServerClock clock;

	private final JsonMapper json;

	GroupReads(GroupBuyService groupBuys, HeldViews held, ServerClock clock, JsonMapper json) {
		this.groupBuys = groupBuys;
		this.held = held;
		this.clock = clock;
		this.json = json;
	}

	/** The group's view as JSON ({@link Group.View}), or a 404 problem. */
	Mono<byte[]> read(String groupId) {
		Supplier<Mono<HeldViews.Loaded<String>>> load = () -> this.groupBuys.findGroup(groupId)
			.map((group) -> new HeldViews.Loaded<>(groupId,
					LiveSource.versioned(GroupBuyLiveSources.liveState(this.json, group), this.clock.millis())))
			.switchIfEmpty(Mono.error(() -> ProblemException.notFound("Group " + groupId)));
		String topic = Group.topic(groupId);
		return this.held.read(topic, OrderId.campaignOf(groupId).orElse(0L), topic, load,
				(id, message) -> render(message));
	}

	/**
	 * The REST view from the topic's state: the same fields, times as instants. A group
	 * read from the store takes the same way, so both answer the same bytes.
	 */
	private HeldViews.Rendered render(String message) {
		Group group = this.json.treeToValue(this.json.readTree(message).path("state"), Group.class);
		byte[] view = this.json.writeValueAsBytes(group.toView());
		return "OPEN".equals(group.status())
				? new HeldViews.Rendered(view, group.deadline() - DEADLINE_MARGIN_MS, false)
				: new HeldViews.Rendered(view, Long.MIN_VALUE, true);
	}

}
