package io.flashgroup.circle;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * The feed, search and one's own posts, from PostgreSQL: only posts of authors within
 * distance 2 of the viewer, newest first with a keyset cursor; claims left and the
 * viewer's claim come fresh from Redis. A post reaches the feed once the circle flusher
 * wrote it (tens of milliseconds).
 * <p>
 * Visibility is always computed from the friend graph as committed, in the cheapest of
 * two exact ways. A <em>walk</em> reads the newest {@value #WALK} posts and asks
 * {@code circle_path(viewer, author)} of each, stopping at the page's end: a few
 * primary-key probes per post, whatever the size of the viewer's reach. When the walk
 * finds less than a page (a viewer who reaches few of the newest posts), the exact query
 * by reach answers: {@code circle_reach(viewer)} joined with each author's newest posts,
 * whose cost grows with the reach (about 100 ms at 150 friends of 150 friends), not with
 * the posts. A viewer whose reach is small ({@link #smallReach}) is answered by reach at
 * once.
 * <p>
 * Pages, of the feed and of a search, come from {@link KeptPages}: as they are (claims
 * left and levels patched in) while the node hears of no other change they show (for at
 * most a second), else checked against PostgreSQL with claims left and levels read again,
 * else computed.
 */
@Component
class CircleFeed {

	/**
	 * How many of the newest posts a walk reads at most before the exact query: a post
	 * costs about 25 µs, so a viewer who sees fewer than one in fifteen of the newest
	 * posts is cheaper to answer by reach (a few ms for a few hundred authors).
	 */
	static final int WALK = 300;

	/**
	 * Below this many friendships of the viewer's friends, the viewer's reach is joined
	 * with its authors' posts directly (at most a few thousand authors: a few ms).
	 */
	static final int SMALL_REACH = 1_000;

	private static final String COLUMNS = "p.id, p.author_id, p.author_name, p.order_id::text AS order_id, "
			+ "p.campaign_id, p.seller_id, p.sku, p.title, p.note, p.rating, p.coupon::text AS coupon, "
			+ "p.currency, p.claims_per_share, p.claims_left, p.status, p.version, "
			+ "floor(extract(epoch FROM p.created_at) * 1000)::bigint AS created_ms, "
			+ "floor(extract(epoch FROM p.updated_at) * 1000)::bigint AS updated_ms";

	private static final String NEWEST = " ORDER BY p.created_at DESC, p.id DESC ";

	/** Visible posts joined with the viewer's whole reach. */
	private static final String BY_REACH = "SELECT " + COLUMNS
			+ ", r.distance, coalesce(u.display_name, r.via) AS via_name FROM circle_reach($1) r "
			+ "JOIN circle_posts p ON p.author_id = r.author LEFT JOIN circle_users u ON u.user_id = r.via "
			+ "WHERE p.status = 'ACTIVE' ";

	/** Active posts (a subquery the caller narrows and ends), then {@link #PATHED}. */
	private static final String ACTIVE = "SELECT " + COLUMNS
			+ ", v.distance, coalesce(u.display_name, v.via) AS via_name FROM (SELECT * FROM circle_posts p "
			+ "WHERE p.status = 'ACTIVE' ";

	/** Each post's author asked of {@code circle_path}: invisible ones drop out. */
	private static final String PATHED = ") p CROSS JOIN LATERAL circle_path($1, p.author_id) v "
			+ "LEFT JOIN circle_users u ON u.user_id = v.via WHERE true ";

	/** Posts of the viewer's friends, each friend's newest first. */
	private static final String BY_FRIENDS = "SELECT " + COLUMNS
			+ ", 1 AS distance, NULL::text AS via_name FROM friend_edges f CROSS JOIN LATERAL ("
			+ "SELECT * FROM circle_posts p WHERE p.author_id = f.friend_id AND p.status = 'ACTIVE' ";

	private final DatabaseClient db;

	private final PostService posts;

	private final JsonMapper json;

	private final KeptPages kept;

	CircleFeed(DatabaseClient db, PostService posts, JsonMapper json, KeptPages kept) {
		this.db = db;
		this.posts = posts;
		this.json = json;
		this.kept = kept;
	}

	/** Newest visible posts first. */
	Mono<PostView.Page> feed(String viewer, @Nullable FeedCursor after, int limit) {
		return this.kept.page(viewer, null, after, limit, () -> rows(viewer, after, limit),
				(rows) -> page(rows, viewer, limit, false));
	}

	private Mono<List<Row>> rows(String viewer, @Nullable FeedCursor after, int limit) {
		int wanted = limit + 1;
		Sql exact = new Sql(BY_REACH, viewer).after(after).limit(wanted);
		return smallReach(viewer)
			.flatMap((small) -> small ? exact.rows(this) : walk(viewer, after, null, wanted, null).rows(this)
				.flatMap((found) -> (found.size() == wanted) ? Mono.just(found) : exact.rows(this)));
	}

	/**
	 * Whether the viewer's friends have fewer than {@value #SMALL_REACH} friendships in
	 * all (an upper bound of the authors at distance 2): such a reach is cheaper to join
	 * with its authors' posts than to find by a walk of the newest posts or by the bigram
	 * index, whose costs follow all the posts, not the viewer's few. Bounded: it stops
	 * counting at the bound.
	 */
	private Mono<Boolean> smallReach(String viewer) {
		return this.db
			.sql("SELECT count(*) < $2 AS small FROM (SELECT 1 FROM friend_edges f JOIN friend_edges ff "
					+ "ON ff.user_id = f.friend_id WHERE f.user_id = $1 LIMIT $2) edges")
			.bind(0, viewer)
			.bind(1, SMALL_REACH)
			.map((row) -> Boolean.TRUE.equals(row.get("small", Boolean.class)))
			.one();
	}

	/**
	 * Visible posts whose title, SKU or note contain the lower-cased query: nearest
	 * first, then newest. Friends' posts come from each friend's newest posts rechecked
	 * with {@code LIKE}; friends of friends' from the viewer's reach when it is small
	 * ({@link #smallReach}), else from a walk of the newest posts, else from the bigram
	 * index ({@code @>}, a one-character query has no bigram: {@code LIKE} alone) with
	 * {@code circle_path} asked of each match.
	 */
	Mono<PostView.Page> search(String viewer, String query, @Nullable FeedCursor after, int limit) {
		String q = SearchText.lower(query);
		return this.kept.page(viewer, q, after, limit, () -> matches(viewer, q, after, limit),
				(found) -> page(found, viewer, limit, true));
	}

	private Mono<List<Row>> matches(String viewer, String q, @Nullable FeedCursor after, int limit) {
		String like = SearchText.containing(q);
		int wanted = limit + 1;
		boolean farOnly = after != null && after.distance() == 2;
		Mono<List<Row>> near = farOnly ? Mono.just(List.of()) : nearMatches(viewer, like, after, wanted).rows(this);
		return near.flatMap((nearRows) -> {
			int missing = wanted - nearRows.size();
			if (missing == 0) {
				return Mono.just(nearRows);
			}
			FeedCursor farAfter = farOnly ? after : null;
			Sql byReach = new Sql(BY_REACH, viewer).where("p.search_text LIKE ", like)
				.where("r.distance = ", 2)
				.after(farAfter)
				.limit(missing);
			return smallReach(viewer)
				.flatMap((small) -> small ? byReach.rows(this)
						: walk(viewer, farAfter, like, missing, 2).rows(this)
							.flatMap((walked) -> (walked.size() == missing) ? Mono.just(walked)
									: farMatches(viewer, q, like, farAfter, missing).rows(this)))
				.map((farRows) -> concat(nearRows, farRows));
		});
	}

	/**
	 * The newest {@value #WALK} posts after the cursor (optionally containing a text),
	 * each author's path asked of {@code circle_path}, up to {@code wanted} visible ones
	 * (at one distance only, if given).
	 */
	private static Sql walk(String viewer, @Nullable FeedCursor after, @Nullable String like, int wanted,
			@Nullable Integer distance) {
		Sql sql = new Sql(ACTIVE, viewer).after(after);
		sql.text.append(NEWEST).append("LIMIT ").append(WALK).append(PATHED);
		if (like != null) {
			sql.where("p.search_text LIKE ", like);
		}
		if (distance != null) {
			sql.where("v.distance = ", distance);
		}
		return sql.limit(wanted);
	}

	/** The friends' posts containing a text, newest first. */
	private static Sql nearMatches(String viewer, String like, @Nullable FeedCursor after, int wanted) {
		Sql sql = new Sql(BY_FRIENDS, viewer).where("p.search_text LIKE ", like).after(after);
		sql.text.append(NEWEST)
			.append("LIMIT ")
			.append(wanted)
			.append(") p WHERE f.user_id = $1 ")
			.append("AND NOT EXISTS (SELECT 1 FROM friend_blocks b WHERE b.blocker = $1 AND b.blocked = f.friend_id) ")
			.append("AND NOT EXISTS (SELECT 1 FROM friend_blocks b WHERE b.blocker = f.friend_id AND b.blocked = $1) ");
		return sql.limit(wanted);
	}

	/** Friends of friends' posts containing a text, from the bigram index. */
	private static Sql farMatches(String viewer, String q, String like, @Nullable FeedCursor after, int wanted) {
		String[] bigrams = SearchText.bigrams(q).toArray(String[]::new);
		Sql sql = new Sql(ACTIVE, viewer).where("p.search_text LIKE ", like);
		if (bigrams.length > 0) {
			sql.text.append("AND p.search_bigrams @> $").append(sql.values.size() + 1).append("::text[] ");
			sql.values.add(bigrams);
		}
		sql.after(after).text.append(PATHED);
		return sql.where("v.distance = ", 2).limit(wanted);
	}

	private static List<Row> concat(List<Row> first, List<Row> second) {
		List<Row> rows = new ArrayList<>(first.size() + second.size());
		rows.addAll(first);
		rows.addAll(second);
		return rows;
	}

	/** The viewer's own posts, newest first (every status). */
	Mono<PostView.Page> own(String author, @Nullable FeedCursor after, int limit) {
		Sql sql = new Sql("SELECT " + COLUMNS + ", NULL::int AS distance, NULL::text AS via_name FROM circle_posts p "
				+ "WHERE p.author_id = $1 ", author)
			.after(after)
			.limit(limit + 1);
		return sql.rows(this).flatMap((rows) -> page(rows, author, limit, false));
	}

	private Mono<PostView.Page> page(List<Row> rows, String viewer, int limit, boolean byDistance) {
		List<PostService.Placed> shown = rows.subList(0, Math.min(limit, rows.size()))
			.stream()
			.map((row) -> new PostService.Placed(row.post(), row.distance(), row.via()))
			.toList();
		return this.posts.fresh(shown, viewer)
			.map((items) -> new PostView.Page(items,
					(rows.size() > limit) ? cursor(rows.get(limit - 1), byDistance) : null));
	}

	private static String cursor(Row last, boolean byDistance) {
		int distance = (byDistance && last.distance() != null) ? last.distance() : 0;
		return new FeedCursor(distance, last.post().createdAt(), last.post().id()).encode();
	}

	private Row row(Readable row) {
		Post post = new Post(row.get("id", Long.class), row.get("author_id", String.class),
				row.get("author_name", String.class), row.get("order_id", String.class),
				row.get("campaign_id", Long.class), row.get("seller_id", String.class), row.get("sku", String.class),
				row.get("title", String.class), row.get("note", String.class), row.get("rating", Short.class),
				this.json.readTree(row.get("coupon", String.class)), row.get("currency", String.class),
				row.get("claims_per_share", Integer.class), row.get("claims_left", Integer.class),
				row.get("status", String.class), row.get("version", Integer.class), row.get("created_ms", Long.class),
				row.get("updated_ms", Long.class));
		return new Row(post, row.get("distance", Integer.class), row.get("via_name", String.class));
	}

	private static OffsetDateTime time(long millis) {
		return OffsetDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
	}

	/**
	 * A query under construction: its text and its values, bound in order ($1 is always
	 * the viewer).
	 */
	private static final class Sql {

		private final StringBuilder text;

		private final List<Object> values = new ArrayList<>();

		Sql(String text, String viewer) {
			this.text = new StringBuilder(text);
			this.values.add(viewer);
		}

		Sql where(String condition, Object value) {
			this.values.add(value);
			this.text.append("AND ").append(condition).append('$').append(this.values.size()).append(' ');
			return this;
		}

		/** Only posts older than the cursor's (newest first). */
		Sql after(@Nullable FeedCursor after) {
			if (after != null) {
				this.values.add(time(after.createdAt()));
				this.values.add(after.id());
				int at = this.values.size() - 1;
				this.text.append("AND (p.created_at, p.id) < ($").append(at).append(", $").append(at + 1).append(") ");
			}
			return this;
		}

		Sql limit(int rows) {
			this.text.append(NEWEST).append("LIMIT ").append(rows);
			return this;
		}

		Mono<List<Row>> rows(CircleFeed feed) {
			DatabaseClient.GenericExecuteSpec spec = feed.db.sql(this.text.toString());
			for (int i = 0; i < this.values.size(); i++) {
				spec = spec.bind(i, this.values.get(i));
			}
			return spec.map(feed::row).all().collectList();
		}

	}

	/** A post as the viewer reaches it, as read. */
	record Row(Post post, @Nullable Integer distance, @Nullable String via) {
	}

}
