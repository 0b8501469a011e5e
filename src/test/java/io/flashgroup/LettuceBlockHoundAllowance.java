package io.flashgroup;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Lettuce guards its endpoint with a shared lock whose writers wait, briefly, only while
 * the connection itself changes state (activation, reconnect). That is the client's
 * internal hand-off, not blocking I/O of ours, so it is allowed. So is the lock of the
 * cluster client's slot-to-connection cache, held for an array store: a command that
 * follows a redirect while the slot map is being refreshed (adaptive refresh on MOVED or
 * ASK) waits for it for microseconds ({@code SlotMigrationClusterIntegrationTests} met it
 * once in many runs). Everything else stays forbidden.
 */
public class LettuceBlockHoundAllowance implements BlockHoundIntegration {

	@Override
	public void applyTo(BlockHound.Builder builder) {
		builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "incrementWriters");
		builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "lockWritersExclusive");
		builder.allowBlockingCallsInside("io.lettuce.core.cluster.PooledClusterConnectionProvider",
				"lambda$getWriteConnection$1");
	}

}
