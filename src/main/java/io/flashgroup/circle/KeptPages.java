package io.flashgroup.circle;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * The first pages of feeds and searches this node computed, served again only while one
 * query of primary-key probes finds nothing they depend on changed: the viewer's version
 * and the sum of their friends' versions (bumped with every friendship, block and display
 * name) and the count of changes to the stored posts (V10). So a kept page is never one a
 * fresh read would not give. At most {@code flashgroup.circle.feed-cache-size} pages;
 * past it, some others make room.
 */
@Component
class KeptPages {

	private static final String VERSIONS = "SELECT coalesce((SELECT version FROM friend_versions WHERE user_id = $1), 0) AS mine, "
			+ "coalesce((SELECT sum(v.version) FROM friend_edges e JOIN friend_versions v ON v.user_id = e.friend_id "
			+ "WHERE e.user_id = $1), 0)::bigint AS friends, (SELECT changes FROM circle_feed_epoch) AS posts";

	private final DatabaseClient db;

	private final int size;

	private final Map<Key, Kept> kept = new ConcurrentHashMap<>();

	private final Counter hits;

	private final Counter misses;

	KeptPages(DatabaseClient db, CircleProperties properties, MeterRegistry meters) {
		this.db = db;
		this.size = properties.feedCacheSize();
		this.hits = Counter.builder("flashgroup.circle.feed.cache")
			.description("First feed and search pages served from the node's kept page, or computed")
			.tag("result", "hit")
			.register(meters);
		this.misses = Counter.builder("flashgroup.circle.feed.cache").tag("result", "miss").register(meters);
	}

	/**
	 * A first page (of the feed, or of a search for {@code query}): the kept one while
	 * its versions are the current ones, else computed and kept.
	 */
	Mono<List<CircleFeed.Row>> firstPage(String viewer, @Nullable String query, int limit,
			Supplier<Mono<List<CircleFeed.Row>>> compute) {
		if (this.size == 0) {
			return compute.get();
		}
		Key key = new Key(viewer, query, limit);
		// The versions are read before the page: a change committed in between makes the
		// kept page's versions older than the page, never newer, so it is recomputed.
		return versions(viewer).flatMap((versions) -> {
			Kept page = this.kept.get(key);
			if (page != null && page.versions().equals(versions)) {
				this.hits.increment();
				return Mono.just(page.rows());
			}
			this.misses.increment();
			return compute.get().doOnNext((rows) -> keep(key, new Kept(versions, rows)));
		});
	}

	private Mono<Versions> versions(String viewer) {
		return this.db.sql(VERSIONS)
			.bind(0, viewer)
			.map((row) -> new Versions(row.get("mine", Long.class), row.get("friends", Long.class),
					row.get("posts", Long.class)))
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

	private record Versions(long mine, long friends, long posts) {
	}

	private record Key(String viewer, @Nullable String query, int limit) {
	}

	private record Kept(Versions versions, List<CircleFeed.Row> rows) {
	}

}
