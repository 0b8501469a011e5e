package io.flashgroup.circle;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * The feed, search and one's own posts, from PostgreSQL: only posts of authors within
 * distance 2 of the viewer ({@code circle_reach} joined in SQL, so a stranger's post is
 * never even read), newest first with a keyset cursor; claims left and the viewer's claim
 * come fresh from Redis. A post reaches the feed once the circle flusher wrote it (tens
 * of milliseconds).
 */
@Component
class CircleFeed {

	private static final String COLUMNS = "p.id, p.author_id, p.author_name, p.order_id::text AS order_id, "
			+ "p.campaign_id, p.seller_id, p.sku, p.title, p.note, p.rating, p.coupon::text AS coupon, "
			+ "p.currency, p.claims_per_share, p.claims_left, p.status, p.version, p.created_at, p.updated_at";

	private static final String VISIBLE = "SELECT " + COLUMNS
			+ ", r.distance, coalesce(u.display_name, r.via) AS via_name FROM circle_reach($1) r "
			+ "JOIN circle_posts p ON p.author_id = r.author LEFT JOIN circle_users u ON u.user_id = r.via "
			+ "WHERE p.status = 'ACTIVE' ";

	private final DatabaseClient db;

	private final PostService posts;

	private final JsonMapper json;

	CircleFeed(DatabaseClient db, PostService posts, JsonMapper json) {
		this.db = db;
		this.posts = posts;
		this.json = json;
	}

	/** Newest visible posts first. */
	Mono<PostView.Page> feed(String viewer, @Nullable FeedCursor after, int limit) {
		String sql = VISIBLE + ((after != null) ? "AND (p.created_at, p.id) < ($2, $3) " : "")
				+ "ORDER BY p.created_at DESC, p.id DESC LIMIT " + (limit + 1);
		DatabaseClient.GenericExecuteSpec query = this.db.sql(sql).bind(0, viewer);
		if (after != null) {
			query = query.bind(1, time(after.createdAt())).bind(2, after.id());
		}
		return page(query, viewer, limit, false);
	}

	/**
	 * Visible posts whose title, SKU or note contain the lower-cased query: nearest
	 * first, then newest. Candidates come from the bigram index ({@code @>}), rechecked
	 * with {@code LIKE} (a one-character query has no bigram: {@code LIKE} alone).
	 */
	Mono<PostView.Page> search(String viewer, String query, @Nullable FeedCursor after, int limit) {
		String q = SearchText.lower(query);
		String[] bigrams = SearchText.bigrams(q).toArray(String[]::new);
		StringBuilder sql = new StringBuilder(VISIBLE).append("AND p.search_text LIKE $2 ");
		int next = 3;
		if (bigrams.length > 0) {
			sql.append("AND p.search_bigrams @> $").append(next++).append("::text[] ");
		}
		int at = next;
		if (after != null) {
			sql.append("AND (r.distance > $")
				.append(at)
				.append(" OR (r.distance = $")
				.append(at)
				.append(" AND (p.created_at, p.id) < ($")
				.append(at + 1)
				.append(", $")
				.append(at + 2)
				.append("))) ");
		}
		sql.append("ORDER BY r.distance, p.created_at DESC, p.id DESC LIMIT ").append(limit + 1);
		DatabaseClient.GenericExecuteSpec spec = this.db.sql(sql.toString())
			.bind(0, viewer)
			.bind(1, SearchText.containing(q));
		if (bigrams.length > 0) {
			spec = spec.bind(2, bigrams);
		}
		if (after != null) {
			spec = spec.bind(at - 1, after.distance()).bind(at, time(after.createdAt())).bind(at + 1, after.id());
		}
		return page(spec, viewer, limit, true);
	}

	/** The viewer's own posts, newest first (every status). */
	Mono<PostView.Page> own(String author, @Nullable FeedCursor after, int limit) {
		String sql = "SELECT " + COLUMNS + ", NULL::int AS distance, NULL::text AS via_name FROM circle_posts p "
				+ "WHERE p.author_id = $1 " + ((after != null) ? "AND (p.created_at, p.id) < ($2, $3) " : "")
				+ "ORDER BY p.created_at DESC, p.id DESC LIMIT " + (limit + 1);
		DatabaseClient.GenericExecuteSpec query = this.db.sql(sql).bind(0, author);
		if (after != null) {
			query = query.bind(1, time(after.createdAt())).bind(2, after.id());
		}
		return page(query, author, limit, false);
	}

	private Mono<PostView.Page> page(DatabaseClient.GenericExecuteSpec query, String viewer, int limit,
			boolean byDistance) {
		return query.map(this::row)
			.all()
			.collectList()
			.flatMap((rows) -> Flux.fromIterable(rows.subList(0, Math.min(limit, rows.size())))
				.flatMapSequential((row) -> this.posts.fresh(row.post(), row.distance(), row.via(), viewer), 8)
				.collectList()
				.map((items) -> new PostView.Page(items,
						(rows.size() > limit) ? cursor(rows.get(limit - 1), byDistance) : null)));
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
				row.get("status", String.class), row.get("version", Integer.class),
				millis(row.get("created_at", OffsetDateTime.class)),
				millis(row.get("updated_at", OffsetDateTime.class)));
		return new Row(post, row.get("distance", Integer.class), row.get("via_name", String.class));
	}

	private static long millis(OffsetDateTime time) {
		return time.toInstant().toEpochMilli();
	}

	private static OffsetDateTime time(long millis) {
		return OffsetDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
	}

	private record Row(Post post, @Nullable Integer distance, @Nullable String via) {
	}

}
