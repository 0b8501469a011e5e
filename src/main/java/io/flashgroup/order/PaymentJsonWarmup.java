package io.flashgroup.order;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Builds the JSON reader of the payment body ({@code {"couponId": ..}}) at startup.
 * Otherwise a rush of first payments builds it on event-loop threads at once, and all but
 * one park on Jackson's deserializer-cache lock (BlockHound fails them; the friends'
 * invitation body showed it).
 */
@Component
class PaymentJsonWarmup implements ApplicationListener<ApplicationStartedEvent> {

	private final JsonMapper json;

	PaymentJsonWarmup(JsonMapper json) {
		this.json = json;
	}

	@Override
	public void onApplicationEvent(ApplicationStartedEvent event) {
		this.json.readerFor(OrderController.PayRequest.class);
	}

}
