package io.flashgroup.friend;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Builds the JSON reader of the invitation body at startup. Otherwise the first requests
 * build it on event-loop threads at once and all but one park on Jackson's
 * deserializer-cache lock: BlockHound failed one request of a rush on an invite code in a
 * fresh server with a 500.
 */
@Component
class FriendJsonWarmup implements ApplicationListener<ApplicationStartedEvent> {

	private final JsonMapper json;

	FriendJsonWarmup(JsonMapper json) {
		this.json = json;
	}

	@Override
	public void onApplicationEvent(ApplicationStartedEvent event) {
		this.json.readerFor(FriendController.InvitationRequest.class);
	}

}
