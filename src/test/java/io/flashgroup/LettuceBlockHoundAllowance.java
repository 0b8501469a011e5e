package io.flashgroup;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Lettuce guards its endpoint with a shared lock whose writers wait, briefly, only while
 * the connection itself changes state (activation, reconnect). That is the client's
 * internal hand-off, not blocking I/O of ours, so it is allowed; everything else stays
 * forbidden.
 */
public class LettuceBlockHoundAllowance implements BlockHoundIntegration {

	@Override
	public void applyTo(BlockHound.Builder builder) {
		builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "incrementWriters");
		builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "lockWritersExclusive");
	}

}
