package io.flashgroup.live;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * When this node last changed each campaign (a purchase, a seat, a cut, a payment): a
 * held view confirmed before that is not served ({@link HeldViews}), so whoever wrote
 * through this node reads their own write at once, not one conflation interval later.
 */
@Component
public class LocalWrites {

	private final Map<Long, Long> lastWrite = new ConcurrentHashMap<>();

	private final LongSupplier nanos;

	@Autowired
	public LocalWrites() {
		this(System::nanoTime);
	}

	LocalWrites(LongSupplier nanos) {
		this.nanos = nanos;
	}

	/** The campaign (or one of its groups, sessions, orders) just changed here. */
	public void written(long campaignId) {
		this.lastWrite.put(campaignId, this.nanos.getAsLong());
	}

	/** When the campaign last changed here ({@link System#nanoTime()}), if it did. */
	long lastWrite(long campaignId) {
		Long at = this.lastWrite.get(campaignId);
		return (at != null) ? at : Long.MIN_VALUE;
	}

	/**
	 * Forgets writes older than {@code nanos}: no held view confirmed before them is
	 * served.
	 */
	void forgetBefore(long nanos) {
		this.lastWrite.values().removeIf((at) -> at < nanos);
	}

}
