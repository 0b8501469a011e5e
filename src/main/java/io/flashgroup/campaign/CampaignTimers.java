package io.flashgroup.campaign;

import java.util.List;

import reactor.core.publisher.Mono;

/**
 * The timer script of one campaign kind; the timer worker picks it by the kind recorded
 * in the campaign's state.
 */
public interface CampaignTimers {

	/** The campaign kind. */
	CampaignKind kind();

	/** Applies due timers; emits {applied, lag ms of the oldest applied}. */
	Mono<List<Object>> applyTimers(CampaignKeys keys, int max);

}
