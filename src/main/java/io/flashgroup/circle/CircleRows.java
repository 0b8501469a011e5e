package io.flashgroup.circle;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Posts and coupons in PostgreSQL, written by the circle flusher: one statement per kind
 * and batch, newest version of each record only, guarded by version so a replay is a
 * no-op. The post's search text and bigrams are computed here, once per version.
 */
@Component
class CircleRows {

	private static final String UPSERT_POSTS = """
			INSERT INTO circle_posts (id, author_id, order_id, campaign_id, seller_id, sku, title, note, rating, coupon,
			                          claims_per_share, claims_left, status, version, created_at, updated_at,
			                          search_text, search_bigrams, author_name, currency)
			SELECT u.id, u.author_id, u.order_id::uuid, u.campaign_id, u.seller_id, u.sku, u.title, u.note, u.rating,
			       u.coupon::jsonb, u.claims_per_share, u.claims_left, u.status, u.version,
			       to_timestamp(u.created_at / 1000.0), to_timestamp(u.updated_at / 1000.0), u.search_text,
			       ARRAY(SELECT jsonb_array_elements_text(u.bigrams::jsonb)), u.author_name, u.currency
			FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[],
			            $8::text[], $9::int[], $10::text[], $11::int[], $12::int[], $13::text[], $14::int[],
			            $15::bigint[], $16::bigint[], $17::text[], $18::text[], $19::text[], $20::text[])
			     AS u(id, author_id, order_id, campaign_id, seller_id, sku, title, note, rating, coupon,
			          claims_per_share, claims_left, status, version, created_at, updated_at, search_text, bigrams,
			          author_name, currency)
			ON CONFLICT (id) DO UPDATE
			   SET claims_left = excluded.claims_left, status = excluded.status, version = excluded.version,
			       updated_at = excluded.updated_at
			 WHERE circle_posts.version < excluded.version
			""";

	private static final String UPSERT_COUPONS = """
			INSERT INTO coupons (id, post_id, user_id, sharer_id, seller_id, sku, scope, terms, status, locked_by,
			                     used_by, claimed_at, valid_until, version, updated_at)
			SELECT u.id, u.post_id, u.user_id, u.sharer_id, u.seller_id, u.sku, u.scope, u.terms::jsonb, u.status,
			       nullif(u.locked_by, '')::uuid, nullif(u.used_by, '')::uuid, to_timestamp(u.claimed_at / 1000.0),
			       to_timestamp(u.valid_until / 1000.0), u.version, now()
			FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
			            $8::text[], $9::text[], $10::text[], $11::text[], $12::bigint[], $13::bigint[], $14::int[])
			     AS u(id, post_id, user_id, sharer_id, seller_id, sku, scope, terms, status, locked_by, used_by,
			          claimed_at, valid_until, version)
			ON CONFLICT (id) DO UPDATE
			   SET status = excluded.status, locked_by = excluded.locked_by, used_by = excluded.used_by,
			       version = excluded.version, updated_at = excluded.updated_at
			 WHERE coupons.version < excluded.version
			""";

	private final DatabaseClient db;

	private final JsonMapper json;

	CircleRows(DatabaseClient db, JsonMapper json) {
		this.db = db;
		this.json = json;
	}

	/**
	 * Upserts the newest version of each post among the JSON versions.
	 * @return those newest versions
	 */
	Mono<List<Post>> upsertPosts(List<String> records) {
		Map<Long, Post> latest = new LinkedHashMap<>();
		for (String record : records) {
			Post post = this.json.readValue(record, Post.class);
			latest.merge(post.id(), post, (a, b) -> (a.version() >= b.version()) ? a : b);
		}
		return latest.isEmpty() ? Mono.just(List.of())
				: writePosts(latest.values()).thenReturn(List.copyOf(latest.values()));
	}

	private Mono<Void> writePosts(Collection<Post> posts) {
		int n = posts.size();
		Long[] ids = new Long[n], campaigns = new Long[n], created = new Long[n], updated = new Long[n];
		String[] authors = new String[n], orders = new String[n], sellers = new String[n], skus = new String[n],
				titles = new String[n], notes = new String[n], coupons = new String[n], statuses = new String[n],
				texts = new String[n], bigrams = new String[n], names = new String[n], currencies = new String[n];
		Integer[] ratings = new Integer[n], perShare = new Integer[n], left = new Integer[n], versions = new Integer[n];
		int i = 0;
		for (Post p : posts) {
			ids[i] = p.id();
			authors[i] = p.authorId();
			orders[i] = p.orderId();
			campaigns[i] = p.campaignId();
			sellers[i] = p.sellerId();
			skus[i] = p.sku();
			titles[i] = p.title();
			notes[i] = p.note();
			ratings[i] = p.rating();
			coupons[i] = this.json.writeValueAsString(p.coupon());
			perShare[i] = p.claimsPerShare();
			left[i] = p.claimsLeft();
			statuses[i] = p.status();
			versions[i] = p.version();
			created[i] = p.createdAt();
			updated[i] = p.updatedAt();
			texts[i] = SearchText.of(p.title(), p.sku(), p.note());
			bigrams[i] = this.json.writeValueAsString(SearchText.bigramsOf(p.title(), p.sku(), p.note()));
			names[i] = p.authorName();
			currencies[i] = p.currency();
			i++;
		}
		return this.db.sql(UPSERT_POSTS)
			.bind(0, ids)
			.bind(1, authors)
			.bind(2, orders)
			.bind(3, campaigns)
			.bind(4, sellers)
			.bind(5, skus)
			.bind(6, titles)
			.bind(7, notes)
			.bind(8, ratings)
			.bind(9, coupons)
			.bind(10, perShare)
			.bind(11, left)
			.bind(12, statuses)
			.bind(13, versions)
			.bind(14, created)
			.bind(15, updated)
			.bind(16, texts)
			.bind(17, bigrams)
			.bind(18, names)
			.bind(19, currencies)
			.then();
	}

	/** Upserts the newest version of each coupon among the JSON versions. */
	Mono<Void> upsertCoupons(List<String> records) {
		Map<String, Coupon> latest = new LinkedHashMap<>();
		for (String record : records) {
			Coupon coupon = this.json.readValue(record, Coupon.class);
			latest.merge(coupon.id(), coupon, (a, b) -> (a.version() >= b.version()) ? a : b);
		}
		if (latest.isEmpty()) {
			return Mono.empty();
		}
		int n = latest.size();
		String[] ids = new String[n], users = new String[n], sharers = new String[n], sellers = new String[n],
				skus = new String[n], scopes = new String[n], terms = new String[n], statuses = new String[n],
				lockedBy = new String[n], usedBy = new String[n];
		Long[] posts = new Long[n], claimed = new Long[n], until = new Long[n];
		Integer[] versions = new Integer[n];
		int i = 0;
		for (Coupon c : latest.values()) {
			ids[i] = c.id();
			posts[i] = c.postId();
			users[i] = c.userId();
			sharers[i] = c.sharerId();
			sellers[i] = c.sellerId();
			skus[i] = c.sku();
			scopes[i] = c.scope();
			terms[i] = this.json.writeValueAsString(c.terms());
			statuses[i] = c.status();
			lockedBy[i] = c.lockedBy();
			usedBy[i] = c.usedBy();
			claimed[i] = c.claimedAt();
			until[i] = c.validUntil();
			versions[i] = c.version();
			i++;
		}
		return this.db.sql(UPSERT_COUPONS)
			.bind(0, ids)
			.bind(1, posts)
			.bind(2, users)
			.bind(3, sharers)
			.bind(4, sellers)
			.bind(5, skus)
			.bind(6, scopes)
			.bind(7, terms)
			.bind(8, statuses)
			.bind(9, lockedBy)
			.bind(10, usedBy)
			.bind(11, claimed)
			.bind(12, until)
			.bind(13, versions)
			.then();
	}

}
