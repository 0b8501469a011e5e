package io.flashgroup;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Netty's adaptive buffer allocator takes a short internal lock when it grows its
 * magazines under contention (many threads allocating at once, e.g. when many requests
 * time out together and their problems are encoded on the timer threads). That is the
 * allocator's own hand-off, not blocking I/O; Netty's integration allows its other
 * allocator locks but not this one.
 */
public class NettyBlockHoundAllowance implements BlockHoundIntegration {

	@Override
	public void applyTo(BlockHound.Builder builder) {
		builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup",
				"tryExpandMagazines");
	}

}
