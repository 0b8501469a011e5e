package io.flashgroup;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Jackson builds a type's deserializer once, under a lock, and caches it; a thread that
 * asks for the same type while another is building it waits for that build (seen when the
 * first circle post of a run met a concurrent first read). Bounded, once per type and
 * mapper, no I/O: allowed. Everything else stays forbidden.
 */
public class JacksonBlockHoundAllowance implements BlockHoundIntegration {

	@Override
	public void applyTo(BlockHound.Builder builder) {
		builder.allowBlockingCallsInside("tools.jackson.databind.deser.DeserializerCache",
				"_createAndCacheValueDeserializer");
	}

}
