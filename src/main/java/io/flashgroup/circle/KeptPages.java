package io.flashgroup.circle;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * The pages of feeds and searches this node computed (first pages and pages after a
 * cursor). While the node hears of no change a page shows ({@link FeedChanges}) and for
 * at most {@code flashgroup.circle.feed-recheck} after its last check, a page is served
 * as it is, with the claims left and levels heard since patched in, and no query at all
 * ({@code held}). Past that, it is served again only while one query of primary-key
 * probes finds nothing it depends on changed: the viewer's version and the sum of their
 * friends' versions (bumped with every friendship, block and display name) and the count
 * of changes to the stored posts (V10); its claims left and levels are then read again
 * ({@code hit}). Else it is computed ({@code miss}). While one reader's check or
 * computation of a page runs, the others are held the kept page when nothing it shows
 * changed (for at most one more interval), or else wait for that computation
 * ({@code joined}). At most {@code flashgroup.circle.feed-cache-size} pages; past it,
 * some others make room.
 */
@Component
class KeptPages {

	private static final String VERSIONS = "SELECT coalesce((SELECT version FROM friend_versions WHERE user_id = $1), 0) AS mine, "
			+ "coalesce((SELECT sum(v.version) FROM friend_edges e JOIN friend_versions v ON v.user_id = e.friend_id "
			+ "WHERE e.user_id = $1), 0)::bigint AS friends, (SELECT changes FROM circle_feed_epoch) AS posts, "
			+ "ARRAY(SELECT e.friend_id FROM friend_edges e WHERE e.user_id = $1) AS friend_ids";

	private final DatabaseClient db;

	private final FeedChanges changes;

	private final int size;

	private final Map<Key, Kept> kept = new ConcurrentHashMap<>();

	/** Pages being computed. */
	private final Map<Key, Flight> flights = new ConcurrentHashMap<>();

	private final Counter held;

	private final Counter joined;

	private final Counter hits;

	private final Counter misses;

	KeptPages(DatabaseClient db, FeedChanges changes, CircleProperties properties, MeterRegistry meters) {
		this.db = db;
		this.changes = changes;
		this.size = properties.feedCacheSize();
		this.held = served("held", meters);
		this.joined = served("joined", meters);
		this.hits = served("hit", meters);
		this.misses = served("miss", meters);
	}

	private static Counter served(String result, MeterRegistry meters) {
		return Counter.builder("flashgroup.circle.feed.cache")
			.description("Feed and search pages served from the node's kept page as it is, "
					+ "from a computation in flight, from the kept page after checking it, or computed")
			.tag("result", result)
			.register(meters);
	}

	/**
	 * A page (of the feed, or of a search for {@code query}; the first, or the one after
	 * a cursor): the kept one as it is while nothing it shows changed but claims left and
	 * levels (patched in), its rows while its versions are the current ones (made into a
	 * page again: claims left and levels read anew), else computed; kept.
	 */
	Mono<PostView.Page> page(String viewer, @Nullable String query, @Nullable FeedCursor after, int limit,
			Supplier<Mono<List<CircleFeed.Row>>> compute, Function<List<CircleFeed.Row>, Mono<PostView.Page>> render) {
		if (this.size == 0) {
			return compute.get().flatMap(render);
		}
		Key key = new Key(viewer, query, after, limit);
		Kept page = this.kept.get(key);
		Flight flight = this.flights.get(key);
		long now = System.nanoTime();
		// Taken before the patch: the changes up to it are in the patch or were none of
		// the page's. No patch: the node heard of another change the page shows.
		long patchedAt = this.changes.now();
		FeedChanges.Patch patch = (page != null)
				? this.changes.patch(page.since(), viewer, page.versions().friendIds(), page.sharers(), page.postIds())
				: null;
		// Past its recheck, a page is still held while another reader's check of it runs
		// (for at most one more interval): one reader waits for the check, not every
		// reader arriving while it runs.
		if (patch != null && (page.at() - this.changes.freshSince(now) > 0
				|| flight != null && page.at() - this.changes.heldWhileCheckedSince(now) > 0)) {
			this.held.increment();
			if (patch.isEmpty()) {
				return Mono.just(page.page());
			}
			Kept patched = page.patched(patch, patchedAt);
			// Only over the page patched (by identity: a record's equals would compare
			// every item).
			this.kept.computeIfPresent(key, (k, current) -> (current == page) ? patched : current);
			return Mono.just(patched.page());
		}
		// Readers of a page being computed wait for it while nothing it shows changed
		// since it started (else their own change might be missing): one computation per
		// page and change, not one per reader.
		if (flight != null && ((page != null) ? this.changes.unchanged(flight.since(), viewer,
				page.versions().friendIds(), page.sharers(), page.postIds())
				: flight.since() >= 0 && flight.since() == this.changes.now())) {
			this.joined.increment();
			return flight.page();
		}
		// The change counter and the versions are read before the page: a change in
		// between makes the kept page older-labelled than it is, never newer, so it is
		// checked again.
		long since = this.changes.enabled() ? this.changes.now() : -1;
		// The recheck interval runs from the check, not from the request: a request that
		// waited for a database connection still gets a page to hold.
		Mono<Checked> checked = versions(viewer).map((versions) -> new Checked(versions, System.nanoTime()));
		Kept before = this.kept.get(key);
		Mono<PostView.Page> answer;
		if (before == null) {
			answer = checked.flatMap((check) -> computed(key, check, since, compute, render));
		}
		else if (before == page && patch != null) {
			// Checked only because its interval passed: its rows most likely still hold,
			// so its claims left and levels are read with the check, not after it (one
			// round trip).
			answer = Mono.zip(checked, render.apply(before.rows()))
				.flatMap((both) -> before.versions().sameAs(both.getT1().versions())
						? Mono.just(hit(key, before, both.getT1(), since, both.getT2()))
						: computed(key, both.getT1(), since, compute, render));
		}
		else {
			// A change was heard (a stored post, say): the check most often finds the
			// rows changed, and only then is the page rendered.
			answer = checked.flatMap((check) -> before.versions().sameAs(check.versions())
					? render.apply(before.rows()).map((rendered) -> hit(key, before, check, since, rendered))
					: computed(key, check, since, compute, render));
		}
		answer = answer.cache();
		Flight started = new Flight(since, answer);
		this.flights.put(key, started);
		return answer.doFinally((signal) -> this.flights.remove(key, started));
	}

	/** The kept page's rows still hold: kept again as rendered now. */
	private PostView.Page hit(Key key, Kept before, Checked check, long since, PostView.Page rendered) {
		this.hits.increment();
		keep(key, Kept.of(check.versions(), before.rows(), rendered, since, check.at()));
		return rendered;
	}

	private Mono<PostView.Page> computed(Key key, Checked check, long since,
			Supplier<Mono<List<CircleFeed.Row>>> compute, Function<List<CircleFeed.Row>, Mono<PostView.Page>> render) {
		this.misses.increment();
		return compute.get()
			.flatMap((found) -> render.apply(found)
				.doOnNext((rendered) -> keep(key, Kept.of(check.versions(), found, rendered, since, check.at()))));
	}

	private Mono<Versions> versions(String viewer) {
		return this.db.sql(VERSIONS)
			.bind(0, viewer)
			.map((row) -> new Versions(row.get("mine", Long.class), row.get("friends", Long.class),
					row.get("posts", Long.class), List.of(row.get("friend_ids", String[].class))))
			.one();
	}

	private void keep(Key key, Kept page) {
		if (this.kept.size() >= this.size && !this.kept.containsKey(key)) {
			Iterator<Key> others = this.kept.keySet().iterator();
			for (int i = 0; i <= this.size / 8 && others.hasNext(); i++) {
				others.next();
				others.remove();
			}
		}
		this.kept.put(key, page);
	}

	/**
	 * What a kept page depends on in PostgreSQL, and the viewer's friends (whose changes
	 * the node hears of).
	 */
	private record Versions(long mine, long friends, long posts, List<String> friendIds) {

		boolean sameAs(Versions other) {
			return this.mine == other.mine && this.friends == other.friends && this.posts == other.posts;
		}

	}

	private record Key(String viewer, @Nullable String query, @Nullable FeedCursor after, int limit) {
	}

	/** Versions read, and the time ({@link System#nanoTime()}) they came back. */
	private record Checked(Versions versions, long at) {
	}

	/** A page being computed, and the change counter before it was read. */
	private record Flight(long since, Mono<PostView.Page> page) {
	}

	/**
	 * A kept page: what it was computed from, the page, its sharers and posts, the change
	 * counter and the time ({@link System#nanoTime()}) before it was read.
	 */
	private record Kept(Versions versions, List<CircleFeed.Row> rows, PostView.Page page, List<String> sharers,
			List<Long> postIds, long since, long at) {

		/**
		 * The page with the claims left and levels heard since, as of change
		 * {@code since} (its time stays that of its last check).
		 */
		Kept patched(FeedChanges.Patch patch, long since) {
			List<PostView> items = new ArrayList<>(this.page.items().size());
			for (int i = 0; i < this.page.items().size(); i++) {
				PostView item = this.page.items().get(i);
				Integer left = patch.claimsLeft().get(item.id());
				Integer level = patch.levels().get(this.rows.get(i).post().authorId());
				// Claims left only fall: a count heard late never raises the page's.
				items.add(item.with((left != null) ? Math.min(left, item.claimsLeft()) : item.claimsLeft(),
						(level != null) ? level : item.sharer().level()));
			}
			return new Kept(this.versions, this.rows, new PostView.Page(items, this.page.nextCursor()), this.sharers,
					this.postIds, since, this.at);
		}

		/**
		 * A page read while the node did not hear every change has no change counter
		 * ({@code -1}): older than any "everything", it is never held as it is.
		 */
		static Kept of(Versions versions, List<CircleFeed.Row> rows, PostView.Page page, long since, long at) {
			return new Kept(versions, rows, page, rows.stream().map((row) -> row.post().authorId()).distinct().toList(),
					page.items().stream().map(PostView::id).toList(), since, at);
		}

	}

}
