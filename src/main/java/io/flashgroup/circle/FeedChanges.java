package io.flashgroup.circle;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import io.flashgroup.friend.FriendChangeListener;

import org.springframework.stereotype.Component;

/**
 * What changed lately that a kept feed or search page may show, as this node heard it
 * ({@link FeedHints}): a post's claims left or status, a shopper's friendships, blocks,
 * name or level, or "everything" (new or withdrawn posts stored, or hints possibly lost).
 * Each change gets the next number of one counter; a page computed when the counter stood
 * at {@code n} is unchanged while nothing it depends on got a number above {@code n}.
 * Changes made through this node are noted before the request answers, so a shopper reads
 * their own change at once on the node that made it; other nodes hear of it within Redis
 * pub/sub's delivery.
 * <p>
 * The log forgets changes older than the recheck interval: a page older than that is
 * checked against PostgreSQL and Redis again anyway.
 */
@Component
class FeedChanges implements FriendChangeListener {

	private final long recheckNanos;

	private final AtomicLong counter = new AtomicLong();

	private final Map<String, Long> users = new ConcurrentHashMap<>();

	private final Map<Long, Long> posts = new ConcurrentHashMap<>();

	private final ReentrantLock pruning = new ReentrantLock();

	/** The number of the last change to everything. */
	private volatile long everything;

	/** Changes up to this number are forgotten: older pages are checked again. */
	private volatile long forgotten;

	private volatile long prunedAt = System.nanoTime();

	private volatile long counterAtPrune;

	/** Whether the node hears every change (its hint channels are subscribed). */
	private volatile boolean hearing;

	FeedChanges(CircleProperties properties) {
		this.recheckNanos = properties.feedRecheck().toNanos();
	}

	/** Whether a page computed now may be served again without checking (see class). */
	boolean enabled() {
		return this.hearing && this.recheckNanos > 0;
	}

	/** Whether the node hears of every change from now on; each switch is a change. */
	void hearing(boolean hearing) {
		everything();
		this.hearing = hearing;
	}

	/** The counter now: take it before reading what a page shows. */
	long now() {
		return this.counter.get();
	}

	/** The recheck interval's start: a page computed before it is checked again. */
	long freshSince(long nanoTime) {
		return nanoTime - this.recheckNanos;
	}

	/**
	 * Whether nothing a page depends on changed since {@code since}: the page's viewer
	 * and their friends (whose friendships make the viewer's reach, and whose names show
	 * as "via"), the page's sharers (their levels) and its posts.
	 */
	boolean unchanged(long since, String viewer, List<String> friends, Collection<String> sharers,
			Collection<Long> postIds) {
		if (!enabled() || since < this.everything || since < this.forgotten) {
			return false;
		}
		if (!this.users.isEmpty() && (changed(this.users, viewer, since) || anyChanged(this.users, friends, since)
				|| anyChanged(this.users, sharers, since))) {
			return false;
		}
		return this.posts.isEmpty() || !anyChanged(this.posts, postIds, since);
	}

	private static <K> boolean anyChanged(Map<K, Long> log, Collection<K> keys, long since) {
		for (K key : keys) {
			if (changed(log, key, since)) {
				return true;
			}
		}
		return false;
	}

	private static <K> boolean changed(Map<K, Long> log, K key, long since) {
		Long at = log.get(key);
		return at != null && at > since;
	}

	/** A post's counter or status changed. */
	void post(long postId) {
		this.posts.put(postId, next());
	}

	/** A shopper's friendships, blocks, name or level changed. */
	void user(String userId) {
		this.users.put(userId, next());
	}

	/** Anything may have changed. */
	void everything() {
		this.everything = next();
	}

	@Override
	public void changed(String a, String b) {
		user(a);
		user(b);
	}

	private long next() {
		long number = this.counter.incrementAndGet();
		long now = System.nanoTime();
		if (now - this.prunedAt > this.recheckNanos && this.pruning.tryLock()) {
			try {
				// Pages computed before the last prune are past the recheck interval.
				long forget = this.counterAtPrune;
				this.users.values().removeIf((at) -> at <= forget);
				this.posts.values().removeIf((at) -> at <= forget);
				this.forgotten = forget;
				this.counterAtPrune = number;
				this.prunedAt = now;
			}
			finally {
				this.pruning.unlock();
			}
		}
		return number;
	}

}
