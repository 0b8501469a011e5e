package io.flashgroup.circle;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import io.flashgroup.friend.FriendChangeListener;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * What changed lately that a kept feed or search page may show, as this node heard it
 * ({@link FeedHints}): a post's claims left or status, a shopper's friendships, blocks,
 * name, claims or level, or "everything" (new or withdrawn posts stored, or hints
 * possibly lost). Claims left and levels carry their new values, so a kept page is
 * patched instead of computed again. Each change gets the next number of one counter; a
 * page computed when the counter stood at {@code n} is unchanged while nothing it depends
 * on got a number above {@code n}. Changes made through this node are noted before the
 * request answers, so a shopper reads their own change at once on the node that made it;
 * other nodes hear of it within Redis pub/sub's delivery.
 * <p>
 * The log forgets changes older than two recheck intervals: a page older than that is
 * checked against PostgreSQL and Redis again anyway (a page past one interval is held
 * only while another reader's check of it runs).
 */
@Component
class FeedChanges implements FriendChangeListener {

	private final long recheckNanos;

	private final AtomicLong counter = new AtomicLong();

	private final Map<String, Long> users = new ConcurrentHashMap<>();

	private final Map<Long, Long> posts = new ConcurrentHashMap<>();

	/** Shoppers who claimed a coupon (their pages show "claimed by me"). */
	private final Map<String, Long> claimers = new ConcurrentHashMap<>();

	/** The claims left of active posts, as heard. */
	private final Map<Long, Value> counts = new ConcurrentHashMap<>();

	/** Shoppers' levels, as heard. */
	private final Map<String, Value> levels = new ConcurrentHashMap<>();

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
	 * While a page's check runs, the start of the time it is still held as it is: one
	 * more recheck interval. The change log keeps what it needs for that long.
	 */
	long heldWhileCheckedSince(long nanoTime) {
		return nanoTime - 2 * this.recheckNanos;
	}

	/**
	 * Whether nothing a page depends on changed since {@code since}, but claims left and
	 * levels (see {@link #patch}): the page's viewer (their friendships, blocks and
	 * claims) and their friends (whose friendships make the viewer's reach, and whose
	 * names show as "via"), the page's sharers and its posts.
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
		if (!this.claimers.isEmpty() && changed(this.claimers, viewer, since)) {
			return false;
		}
		return this.posts.isEmpty() || !anyChanged(this.posts, postIds, since);
	}

	/**
	 * What a page computed at {@code since} needs to be as a computation now would make
	 * it: the claims left of its posts and the levels of its sharers heard since; null
	 * when anything else it shows changed ({@link #unchanged}).
	 */
	@Nullable Patch patch(long since, String viewer, List<String> friends, Collection<String> sharers, Collection<Long> postIds) {
		if (!unchanged(since, viewer, friends, sharers, postIds)) {
			return null;
		}
		Map<Long, Integer> left = newer(this.counts, postIds, since);
		Map<String, Integer> levelled = newer(this.levels, sharers, since);
		return (left.isEmpty() && levelled.isEmpty()) ? Patch.NONE : new Patch(left, levelled);
	}

	private static <K> Map<K, Integer> newer(Map<K, Value> heard, Collection<K> keys, long since) {
		if (heard.isEmpty()) {
			return Map.of();
		}
		Map<K, Integer> newer = new HashMap<>();
		for (K key : keys) {
			Value value = heard.get(key);
			if (value != null && value.number() > since) {
				newer.put(key, value.value());
			}
		}
		return newer;
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

	/** A post changed (its status, say): pages showing it are checked again. */
	void post(long postId) {
		this.posts.put(postId, next());
	}

	/**
	 * A claim, or a withdrawal: an active post's claims left now (pages showing it are
	 * patched), a withdrawn post is a change of the post.
	 */
	void claims(long postId, int claimsLeft, boolean active) {
		if (active) {
			// Claims left only fall: a count heard late (this node's own claim, noted
			// after a later one's event) never raises it.
			Value heard = new Value(next(), claimsLeft);
			this.counts.merge(postId, heard,
					(before, now) -> (now.value() <= before.value()) ? now : new Value(now.number(), before.value()));
		}
		else {
			post(postId);
		}
	}

	/** The shopper claimed a coupon: their own pages are checked again. */
	void claimed(String claimer) {
		this.claimers.put(claimer, next());
	}

	/** A shopper's level now: pages showing their posts are patched. */
	void level(String userId, int level) {
		this.levels.put(userId, new Value(next(), level));
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
		if (now - this.prunedAt > 2 * this.recheckNanos && this.pruning.tryLock()) {
			try {
				// Pages computed before the last prune are past the recheck interval and
				// the one more a page is held while it is checked.
				long forget = this.counterAtPrune;
				this.users.values().removeIf((at) -> at <= forget);
				this.posts.values().removeIf((at) -> at <= forget);
				this.claimers.values().removeIf((at) -> at <= forget);
				this.counts.values().removeIf((heard) -> heard.number() <= forget);
				this.levels.values().removeIf((heard) -> heard.number() <= forget);
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

	/** A value heard, and the number of its change. */
	private record Value(long number, int value) {
	}

	/**
	 * Claims left by post and levels by sharer, heard since a page was computed.
	 *
	 * @param claimsLeft post id to claims left
	 * @param levels sharer's user id to level
	 */
	record Patch(Map<Long, Integer> claimsLeft, Map<String, Integer> levels) {

		static final Patch NONE = new Patch(Map.of(), Map.of());

		boolean isEmpty() {
			return this.claimsLeft.isEmpty() && this.levels.isEmpty();
		}

	}

}
