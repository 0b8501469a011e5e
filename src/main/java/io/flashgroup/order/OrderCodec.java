package io.flashgroup.order;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Reads the order JSON that the Lua scripts write (cjson), shared by every campaign kind.
 * Only a paid order carries {@code discount}: an absent one reads as 0.
 */
@Component
public class OrderCodec {

	private final ObjectReader reader;

	OrderCodec(JsonMapper json) {
		this.reader = json.readerFor(Order.class).without(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
	}

	public Order read(String orderJson) {
		return this.reader.readValue(orderJson);
	}

}
