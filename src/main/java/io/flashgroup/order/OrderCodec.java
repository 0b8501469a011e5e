package io.flashgroup.order;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Reads the order JSON that the Lua scripts write (cjson), shared by every campaign kind.
 */
@Component
public class OrderCodec {

	private final JsonMapper json;

	OrderCodec(JsonMapper json) {
		this.json = json;
	}

	public Order read(String orderJson) {
		return this.json.readValue(orderJson, Order.class);
	}

}
